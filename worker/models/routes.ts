/**
 * Model registry routes (`/api/models/*`): thin handlers — parse, call the service, shape the reply.
 * Authorisation happens once per handler inside the service (`requireModel`, `authorize*`).
 */
import { Hono } from 'hono';
import * as v from 'valibot';
import { requireStaff } from '../auth/middleware';
import type { AppEnv } from '../env';
import { documented } from '../lib/openapi';
import { jsonBody, parse, readBytes } from '../lib/validate';
import { tableResponse } from '../lib/xlsx';
import { modelCoverage } from './coverage';
import { exportModels, IMPORT_LIMIT, importModels } from './io';
import { addPhoto, getPhoto, PHOTO_LIMIT } from './photos';
import {
  CoverageQuery,
  CreateModelSchema,
  EvaluateSchema,
  ExportQuery,
  ImportQuery,
  ModelListQuery,
  ProgressSchema,
  ReplicationSchema,
  RubricSchema,
  UpdateModelSchema,
} from './schema';
import {
  activeRubric,
  addProgress,
  addReplication,
  createModel,
  createRubric,
  evaluateModel,
  getModelDetail,
  listModels,
  updateModel,
} from './service';

const tags = ['models'];
const staff = 'staff' as const;
const doc = (
  method: 'get' | 'post' | 'patch',
  path: string,
  summary: string,
  extra: Partial<Parameters<typeof documented>[0]> = {},
) => documented({ method, path, summary, tags, auth: staff, ...extra });

doc('get', '/api/models', 'The registry of "Dân vận khéo" models in scope', { query: ModelListQuery });
doc('post', '/api/models', 'Register a model', { body: CreateModelSchema, status: 201 });
doc('get', '/api/models/export', 'Export the registry (CSV with BOM, or XLSX)', {
  query: ExportQuery,
  responseType: 'text/csv',
});
doc('post', '/api/models/import', 'Import models from CSV/XLSX: preview without token, confirm with it', {
  query: ImportQuery,
  bodyType: 'application/octet-stream',
});
doc('get', '/api/models/rubric', 'The active evaluation rubric');
doc('post', '/api/models/rubric', 'Create a new rubric version (becomes active)', {
  body: RubricSchema,
  status: 201,
});
doc('get', '/api/models/coverage', 'Coverage figures from the rollups', { query: CoverageQuery });
doc('get', '/api/models/{id}', 'A model with evaluations, progress, replication links and photos');
doc('patch', '/api/models/{id}', 'Edit a model', { body: UpdateModelSchema });
doc('post', '/api/models/{id}/evaluations', 'Score a model against the active rubric', {
  body: EvaluateSchema,
  status: 201,
});
doc('post', '/api/models/{id}/replications', 'Record that the model spread to another model', {
  body: ReplicationSchema,
});
doc('post', '/api/models/{id}/progress', 'Add a progress entry', { body: ProgressSchema, status: 201 });
doc('post', '/api/models/{id}/photos', 'Upload a photo (raw JPEG/PNG/WebP body)', {
  bodyType: 'image/jpeg',
  status: 201,
});
doc('get', '/api/models/{id}/photos/{photoId}', 'A photo of the model', { responseType: 'image/jpeg' });

const IdParam = v.pipe(v.string(), v.minLength(1), v.maxLength(64));

export const modelsRoutes = new Hono<AppEnv>()
  .use('*', requireStaff())
  .get('/', async (c) =>
    c.json(await listModels(c.env.DB, c.var.staff, parse(ModelListQuery, c.req.query()))),
  )
  .post('/', async (c) =>
    c.json({ model: await createModel(c.env.DB, c.var.staff, await jsonBody(c, CreateModelSchema)) }, 201),
  )
  .get('/export', async (c) => {
    const q = parse(ExportQuery, c.req.query());
    const t = await exportModels(c.env.DB, c.var.staff, q);
    return tableResponse(q.format ?? 'csv', 'mo-hinh-dan-van-kheo', t.header, t.rows);
  })
  .post('/import', async (c) => {
    const q = parse(ImportQuery, c.req.query());
    const bytes = await readBytes(c.req.raw, IMPORT_LIMIT);
    const res = await importModels(c.env.DB, c.var.staff, bytes, q.token);
    return c.json(res, res.confirmed ? 201 : 200);
  })
  // Any signed-in staff member may read the criteria (reporters see what they will be judged on).
  .get('/rubric', async (c) => c.json({ rubric: await activeRubric(c.env.DB) }))
  .post('/rubric', async (c) =>
    c.json({ rubric: await createRubric(c.env.DB, c.var.staff, await jsonBody(c, RubricSchema)) }, 201),
  )
  .get('/coverage', async (c) =>
    c.json(await modelCoverage(c.env.DB, c.var.staff, parse(CoverageQuery, c.req.query()))),
  )
  .get('/:id', async (c) =>
    c.json(await getModelDetail(c.env.DB, c.var.staff, parse(IdParam, c.req.param('id')))),
  )
  .patch('/:id', async (c) =>
    c.json({
      model: await updateModel(
        c.env.DB,
        c.var.staff,
        parse(IdParam, c.req.param('id')),
        await jsonBody(c, UpdateModelSchema),
      ),
    }),
  )
  .post('/:id/evaluations', async (c) =>
    c.json(
      await evaluateModel(
        c.env.DB,
        c.var.staff,
        parse(IdParam, c.req.param('id')),
        await jsonBody(c, EvaluateSchema),
      ),
      201,
    ),
  )
  .post('/:id/replications', async (c) => {
    const body = await jsonBody(c, ReplicationSchema);
    return c.json({
      model: await addReplication(c.env.DB, c.var.staff, parse(IdParam, c.req.param('id')), body.toModelId),
    });
  })
  .post('/:id/progress', async (c) => {
    const body = await jsonBody(c, ProgressSchema);
    return c.json(
      await addProgress(c.env.DB, c.var.staff, parse(IdParam, c.req.param('id')), body.note),
      201,
    );
  })
  .post('/:id/photos', async (c) => {
    const bytes = await readBytes(c.req.raw, PHOTO_LIMIT);
    return c.json(
      { photo: await addPhoto(c.env, c.var.staff, parse(IdParam, c.req.param('id')), bytes) },
      201,
    );
  })
  .get('/:id/photos/:photoId', async (c) =>
    getPhoto(c.env, c.var.staff, parse(IdParam, c.req.param('id')), parse(IdParam, c.req.param('photoId'))),
  );
