/**
 * Model registry routes (`/api/models/*`): thin handlers — parse, call the service, shape the reply.
 * Authorisation happens once per handler inside the service (`requireModel`, `authorize*`).
 */
import { Hono } from 'hono';
import * as v from 'valibot';
import { requireStaff } from '../auth/middleware';
import type { AppEnv } from '../env';
import { defineRoutes } from '../lib/route';
import { readBytes } from '../lib/validate';
import { tableResponse } from '../lib/xlsx';
import { modelCoverage } from './coverage';
import { exportModels, IMPORT_LIMIT, importModels } from './io';
import { addPhoto, getPhoto, PHOTO_LIMIT } from './photos';
import {
  CoverageQuery,
  CoverageSchema,
  CreateModelSchema,
  EvaluateSchema,
  EvaluationResultSchema,
  ExportQuery,
  IdReplySchema,
  ImportQuery,
  ImportResultSchema,
  ModelDetailSchema,
  ModelListQuery,
  ModelListSchema,
  ModelReplySchema,
  PhotoReplySchema,
  ProgressSchema,
  ReplicationSchema,
  RubricReplySchema,
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

const Id = v.pipe(v.string(), v.minLength(1), v.maxLength(64));
const ModelParams = v.object({ id: Id });
const PhotoParams = v.object({ id: Id, photoId: Id });

export const modelsRoutes = new Hono<AppEnv>().use('*', requireStaff());

defineRoutes(modelsRoutes, { tags: ['models'], auth: 'staff' })
  .get(
    '/',
    {
      summary: 'The registry of "Dân vận khéo" models in scope',
      query: ModelListQuery,
      response: ModelListSchema,
    },
    async (c, { query }) => c.json(await listModels(c.env.DB, c.var.staff, query)),
  )
  .post(
    '/',
    { summary: 'Register a model', body: CreateModelSchema, response: ModelReplySchema, status: 201 },
    async (c, { body }) => c.json({ model: await createModel(c.env.DB, c.var.staff, body) }, 201),
  )
  .get(
    '/export',
    {
      summary: 'Export the registry (CSV with BOM, or XLSX)',
      query: ExportQuery,
      responseType: ['text/csv', 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet'],
    },
    async (c, { query }) => {
      const t = await exportModels(c.env.DB, c.var.staff, query);
      return tableResponse(query.format ?? 'csv', 'mo-hinh-dan-van-kheo', t.header, t.rows);
    },
  )
  .post(
    '/import',
    {
      summary: 'Import models from CSV/XLSX: preview without token (200), confirm with it (201)',
      query: ImportQuery,
      bodyType: 'application/octet-stream',
      response: ImportResultSchema,
      status: [200, 201],
    },
    async (c, { query }) => {
      const bytes = await readBytes(c.req.raw, IMPORT_LIMIT);
      const res = await importModels(c.env.DB, c.var.staff, bytes, query.token);
      return c.json(res, res.confirmed ? 201 : 200);
    },
  )
  // Any signed-in staff member may read the criteria (reporters see what they will be judged on).
  .get('/rubric', { summary: 'The active evaluation rubric', response: RubricReplySchema }, async (c) =>
    c.json({ rubric: await activeRubric(c.env.DB) }),
  )
  .post(
    '/rubric',
    {
      summary: 'Create a new rubric version (becomes active)',
      body: RubricSchema,
      response: RubricReplySchema,
      status: 201,
    },
    async (c, { body }) => c.json({ rubric: await createRubric(c.env.DB, c.var.staff, body) }, 201),
  )
  .get(
    '/coverage',
    { summary: 'Coverage figures from the rollups', query: CoverageQuery, response: CoverageSchema },
    async (c, { query }) => c.json(await modelCoverage(c.env.DB, c.var.staff, query)),
  )
  .get(
    '/:id',
    {
      summary: 'A model with evaluations, progress, replication links and photos',
      params: ModelParams,
      response: ModelDetailSchema,
    },
    async (c, { params }) => c.json(await getModelDetail(c.env.DB, c.var.staff, params.id)),
  )
  .patch(
    '/:id',
    { summary: 'Edit a model', params: ModelParams, body: UpdateModelSchema, response: ModelReplySchema },
    async (c, { params, body }) =>
      c.json({ model: await updateModel(c.env.DB, c.var.staff, params.id, body) }),
  )
  .post(
    '/:id/evaluations',
    {
      summary: 'Score a model against the active rubric',
      params: ModelParams,
      body: EvaluateSchema,
      response: EvaluationResultSchema,
      status: 201,
    },
    async (c, { params, body }) => c.json(await evaluateModel(c.env.DB, c.var.staff, params.id, body), 201),
  )
  .post(
    '/:id/replications',
    {
      summary: 'Record that the model spread to another model',
      params: ModelParams,
      body: ReplicationSchema,
      response: ModelReplySchema,
    },
    async (c, { params, body }) =>
      c.json({ model: await addReplication(c.env.DB, c.var.staff, params.id, body.toModelId) }),
  )
  .post(
    '/:id/progress',
    {
      summary: 'Add a progress entry',
      params: ModelParams,
      body: ProgressSchema,
      response: IdReplySchema,
      status: 201,
    },
    async (c, { params, body }) =>
      c.json(await addProgress(c.env.DB, c.var.staff, params.id, body.note), 201),
  )
  .post(
    '/:id/photos',
    {
      summary: 'Upload a photo (raw JPEG/PNG/WebP body)',
      params: ModelParams,
      bodyType: 'image/jpeg',
      response: PhotoReplySchema,
      status: 201,
    },
    async (c, { params }) => {
      const bytes = await readBytes(c.req.raw, PHOTO_LIMIT);
      return c.json({ photo: await addPhoto(c.env, c.var.staff, params.id, bytes) }, 201);
    },
  )
  .get(
    '/:id/photos/:photoId',
    {
      summary: 'A photo of the model',
      params: PhotoParams,
      responseType: ['image/jpeg', 'image/png', 'image/webp'],
    },
    async (c, { params }) => getPhoto(c.env, c.var.staff, params.id, params.photoId),
  );
