/** HTTP edge of the organisation module: `/api/org/*` (staff) and the public pickers. */
import { Hono } from 'hono';

import { requireStaff } from '../auth/middleware';
import type { AppEnv } from '../env';
import { AppError } from '../lib/errors';
import { documented } from '../lib/openapi';
import { jsonBody, parse, readText } from '../lib/validate';
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

const tags = ['org'];
const staff = 'staff' as const;

documented({
  method: 'get',
  path: '/api/org/units',
  summary: 'List units (flat)',
  tags,
  auth: staff,
  query: UnitListQuery,
  response: UnitListSchema,
});
documented({
  method: 'post',
  path: '/api/org/units',
  summary: 'Create a unit',
  tags,
  auth: staff,
  body: CreateUnitSchema,
  response: UnitSchema,
  status: 201,
});
documented({
  method: 'patch',
  path: '/api/org/units/{id}',
  summary: 'Rename, move or change validity of a unit',
  tags,
  auth: staff,
  body: UpdateUnitSchema,
  response: UnitSchema,
});
documented({
  method: 'post',
  path: '/api/org/units/{id}/merge',
  summary: 'Merge a unit into another',
  tags,
  auth: staff,
  body: MergeUnitSchema,
  response: UnitSchema,
});
documented({
  method: 'post',
  path: '/api/org/units/import',
  summary: 'Import units from CSV',
  tags,
  auth: staff,
  query: ImportQuery,
  body: CsvBody,
  bodyType: 'text/csv',
  response: ImportResultSchema,
});
documented({
  method: 'get',
  path: '/api/org/people',
  summary: 'Search people',
  tags,
  auth: staff,
  query: PeopleListQuery,
  response: PeopleListSchema,
});
documented({
  method: 'post',
  path: '/api/org/people',
  summary: 'Create a person',
  tags,
  auth: staff,
  body: CreatePersonSchema,
  response: PersonSchema,
  status: 201,
});
documented({
  method: 'get',
  path: '/api/org/people/{id}',
  summary: 'One person with positions',
  tags,
  auth: staff,
  response: PersonSchema,
});
documented({
  method: 'patch',
  path: '/api/org/people/{id}',
  summary: 'Edit a person',
  tags,
  auth: staff,
  body: UpdatePersonSchema,
  response: PersonSchema,
});
documented({
  method: 'post',
  path: '/api/org/people/{id}/positions',
  summary: 'Add a position',
  tags,
  auth: staff,
  body: PositionInputSchema,
  response: PersonSchema,
  status: 201,
});
documented({
  method: 'post',
  path: '/api/org/people/import',
  summary: 'Import people from CSV',
  tags,
  auth: staff,
  query: ImportQuery,
  body: CsvBody,
  bodyType: 'text/csv',
  response: ImportResultSchema,
});

/** Staff routes, mounted at `/api/org`. */
export const orgRoutes = new Hono<AppEnv>()
  .use('*', requireStaff())
  .get('/units', async (c) => {
    const q = parse(UnitListQuery, c.req.query());
    return c.json({ units: await listUnits(c.env.DB, { q: q.q, includeMerged: q.includeMerged === '1' }) });
  })
  .post('/units', async (c) =>
    c.json(await createUnit(c.env.DB, c.var.staff!, await jsonBody(c, CreateUnitSchema)), 201),
  )
  .post('/units/import', async (c) => {
    const q = parse(ImportQuery, c.req.query());
    const csv = await readText(c.req.raw, IMPORT_BODY_LIMIT);
    return c.json(await importUnits(c.env.DB, c.var.staff!, csv, q.dryRun === '1'));
  })
  .patch('/units/:id', async (c) =>
    c.json(await updateUnit(c.env.DB, c.var.staff!, c.req.param('id'), await jsonBody(c, UpdateUnitSchema))),
  )
  .post('/units/:id/merge', async (c) =>
    c.json(await mergeUnit(c.env.DB, c.var.staff!, c.req.param('id'), await jsonBody(c, MergeUnitSchema))),
  )
  .get('/people', async (c) => {
    const q = parse(PeopleListQuery, c.req.query());
    const people = await listPeople(c.env.DB, {
      q: q.q,
      unitId: q.unitId,
      limit: q.limit ? Number(q.limit) : undefined,
      offset: q.offset ? Number(q.offset) : undefined,
    });
    return c.json({ people });
  })
  .post('/people', async (c) =>
    c.json(await createPerson(c.env.DB, c.var.staff!, await jsonBody(c, CreatePersonSchema)), 201),
  )
  .post('/people/import', async (c) => {
    const q = parse(ImportQuery, c.req.query());
    const csv = await readText(c.req.raw, IMPORT_BODY_LIMIT);
    return c.json(await importPeople(c.env.DB, c.var.staff!, csv, q.dryRun === '1'));
  })
  .get('/people/:id', async (c) => {
    const p = await getPerson(c.env.DB, c.req.param('id'));
    if (!p) throw new AppError('not_found', { what: 'person' });
    return c.json(p);
  })
  .patch('/people/:id', async (c) =>
    c.json(
      await updatePerson(c.env.DB, c.var.staff!, c.req.param('id'), await jsonBody(c, UpdatePersonSchema)),
    ),
  )
  .post('/people/:id/positions', async (c) =>
    c.json(
      await addPosition(c.env.DB, c.var.staff!, c.req.param('id'), await jsonBody(c, PositionInputSchema)),
      201,
    ),
  );

documented({
  method: 'get',
  path: '/api/public/units',
  summary: 'Current units for the unit picker',
  tags,
  auth: 'public',
  query: PublicUnitsQuery,
  response: PublicUnitsSchema,
});
documented({
  method: 'get',
  path: '/api/public/people',
  summary: 'Cadres for the person picker (name and current titles only)',
  tags,
  auth: 'public',
  query: PublicPeopleQuery,
  response: PublicPeopleSchema,
});

/** Public pickers, mounted at `/api/public` (no cookie, no personal data beyond names and titles). */
export const publicOrgRoutes = new Hono<AppEnv>()
  .get('/units', async (c) => {
    const q = parse(PublicUnitsQuery, c.req.query());
    const kinds = q.kind ? q.kind.split(',').map((k) => k.trim()) : null;
    c.header('Cache-Control', 'public, max-age=300');
    return c.json({ units: await publicUnits(c.env.DB, kinds) });
  })
  .get('/people', async (c) => {
    const q = parse(PublicPeopleQuery, c.req.query());
    return c.json({ people: await publicPeople(c.env.DB, q.q) });
  });
