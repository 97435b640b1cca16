/** HTTP edge of the organisation module: `/api/org/*` (staff) and the public pickers. */
import { Hono } from 'hono';

import { requireStaff } from '../auth/middleware';
import type { AppEnv } from '../env';
import { AppError } from '../lib/errors';
import { defineRoutes } from '../lib/route';
import { readText } from '../lib/validate';
import { IMPORT_BODY_LIMIT, importPeople, importUnits } from './import';
import { addPosition, createPerson, getPerson, listPeople, publicPeople, updatePerson } from './people';
import {
  CreatePersonSchema,
  CreateUnitSchema,
  CsvBody,
  ImportQuery,
  ImportResultSchema,
  MergeUnitSchema,
  PeopleListQuery,
  PeopleListSchema,
  PersonSchema,
  PositionInputSchema,
  PublicPeopleQuery,
  PublicPeopleSchema,
  PublicUnitsQuery,
  PublicUnitsSchema,
  UnitListQuery,
  UnitListSchema,
  UnitSchema,
  UpdatePersonSchema,
  UpdateUnitSchema,
} from './schema';
import { createUnit, listUnits, mergeUnit, publicUnits, updateUnit } from './service';

/** Staff routes, mounted at `/api/org`. */
export const orgRoutes = new Hono<AppEnv>().use('*', requireStaff());

defineRoutes(orgRoutes, { tags: ['org'], auth: 'staff' })
  .get(
    '/units',
    { summary: 'List units (flat)', query: UnitListQuery, response: UnitListSchema },
    async (c, { query: q }) =>
      c.json({ units: await listUnits(c.env.DB, { q: q.q, includeMerged: q.includeMerged === '1' }) }),
  )
  .post(
    '/units',
    { summary: 'Create a unit', body: CreateUnitSchema, response: UnitSchema, status: 201 },
    async (c, { body }) => c.json(await createUnit(c.env.DB, c.var.staff!, body), 201),
  )
  .post(
    '/units/import',
    {
      summary: 'Import units from CSV',
      query: ImportQuery,
      body: CsvBody,
      bodyType: 'text/csv',
      response: ImportResultSchema,
    },
    async (c, { query }) => {
      const csv = await readText(c.req.raw, IMPORT_BODY_LIMIT);
      return c.json(await importUnits(c.env.DB, c.var.staff!, csv, query.dryRun === '1'));
    },
  )
  .patch(
    '/units/:id',
    {
      summary: 'Rename, move or change validity of a unit',
      body: UpdateUnitSchema,
      response: UnitSchema,
    },
    async (c, { body }) => c.json(await updateUnit(c.env.DB, c.var.staff!, c.req.param('id'), body)),
  )
  .post(
    '/units/:id/merge',
    { summary: 'Merge a unit into another', body: MergeUnitSchema, response: UnitSchema },
    async (c, { body }) => c.json(await mergeUnit(c.env.DB, c.var.staff!, c.req.param('id'), body)),
  )
  .get(
    '/people',
    { summary: 'Search people', query: PeopleListQuery, response: PeopleListSchema },
    async (c, { query: q }) => {
      const people = await listPeople(c.env.DB, {
        q: q.q,
        unitId: q.unitId,
        limit: q.limit ? Number(q.limit) : undefined,
        offset: q.offset ? Number(q.offset) : undefined,
      });
      return c.json({ people });
    },
  )
  .post(
    '/people',
    { summary: 'Create a person', body: CreatePersonSchema, response: PersonSchema, status: 201 },
    async (c, { body }) => c.json(await createPerson(c.env.DB, c.var.staff!, body), 201),
  )
  .post(
    '/people/import',
    {
      summary: 'Import people from CSV',
      query: ImportQuery,
      body: CsvBody,
      bodyType: 'text/csv',
      response: ImportResultSchema,
    },
    async (c, { query }) => {
      const csv = await readText(c.req.raw, IMPORT_BODY_LIMIT);
      return c.json(await importPeople(c.env.DB, c.var.staff!, csv, query.dryRun === '1'));
    },
  )
  .get('/people/:id', { summary: 'One person with positions', response: PersonSchema }, async (c) => {
    const p = await getPerson(c.env.DB, c.req.param('id'));
    if (!p) throw new AppError('not_found', { what: 'person' });
    return c.json(p);
  })
  .patch(
    '/people/:id',
    { summary: 'Edit a person', body: UpdatePersonSchema, response: PersonSchema },
    async (c, { body }) => c.json(await updatePerson(c.env.DB, c.var.staff!, c.req.param('id'), body)),
  )
  .post(
    '/people/:id/positions',
    { summary: 'Add a position', body: PositionInputSchema, response: PersonSchema, status: 201 },
    async (c, { body }) => c.json(await addPosition(c.env.DB, c.var.staff!, c.req.param('id'), body), 201),
  );

/** Public pickers, mounted at `/api/public` (no cookie, no personal data beyond names and titles). */
export const publicOrgRoutes = new Hono<AppEnv>();

defineRoutes(publicOrgRoutes, { tags: ['org'], auth: 'public' })
  .get(
    '/units',
    { summary: 'Current units for the unit picker', query: PublicUnitsQuery, response: PublicUnitsSchema },
    async (c, { query }) => {
      const kinds = query.kind ? query.kind.split(',').map((k) => k.trim()) : null;
      c.header('Cache-Control', 'public, max-age=300');
      return c.json({ units: await publicUnits(c.env.DB, kinds) });
    },
  )
  .get(
    '/people',
    {
      summary: 'Cadres for the person picker (name and current titles only)',
      query: PublicPeopleQuery,
      response: PublicPeopleSchema,
    },
    async (c, { query }) => c.json({ people: await publicPeople(c.env.DB, query.q) }),
  );
