import { Hono } from 'hono';
import { adminUserRoutes, auditRoutes } from './accounts/routes';
import { authRoutes } from './auth/routes';
import { ballotPageRoutes } from './ballots/page-routes';
import { ballotPublicRoutes, ballotStaffRoutes } from './ballots/routes';
import { benchRoutes, d1MeterHeaders } from './bench/routes';
import { campaignsRoutes } from './campaigns/routes';
import { casesAdminRoutes, casesPublicRoutes, casesRoutes } from './cases/routes';
import { trackingPageRoutes } from './cases/tracking-pages';
import { consoleRoutes } from './console/routes';
import { dashboardRoutes } from './dashboards/routes';
import type { AppEnv } from './env';
import { uploadRoutes } from './files/routes';
import { formQrPublicRoutes, formsRoutes, publicFormsRoutes } from './forms/routes';
import { healthRoutes } from './health/routes';
import { language, notFound, onError, securityHeaders } from './lib/http';
import { OpenApiSchema, openApiDocument } from './lib/openapi';
import { defineRoutes } from './lib/route';
import { modelsRoutes } from './models/routes';
import { orgRoutes, publicOrgRoutes } from './org/routes';
import { publicChoiceRoutes } from './public/choice-routes';
import { publicPageRoutes } from './public/routes';
import { responsesPublicRoutes, responsesStaffRoutes } from './responses/routes';
import { retentionRoutes } from './retention/routes';
import { rightsPageRoutes } from './rights/pages';
import { rightsPublicRoutes, rightsStaffRoutes } from './rights/routes';
import { devRoutes } from './seed/routes';

/**
 * Builds the application: cross-cutting middleware, then each module's routes under its prefix.
 * Modules own their routes; this file only mounts them.
 */
export function buildApp() {
  const app = new Hono<AppEnv>();
  app.use('*', securityHeaders());
  app.use('*', language());
  app.use('/api/*', d1MeterHeaders());
  app.onError(onError);
  app.notFound(notFound);

  app.route('/api/health', healthRoutes);
  app.route('/api/bench', benchRoutes);
  app.route('/api/auth', authRoutes);
  app.route('/api/admin/users', adminUserRoutes);
  app.route('/api/admin/audit', auditRoutes);
  app.route('/api/admin/retention', retentionRoutes);
  app.route('/api/org', orgRoutes);
  app.route('/api/public', publicOrgRoutes);
  app.route('/api/forms', formsRoutes);
  app.route('/api/forms', responsesStaffRoutes);
  app.route('/api/models', modelsRoutes);
  app.route('/api/campaigns', campaignsRoutes);
  app.route('/api/public/forms', publicFormsRoutes);
  app.route('/api/public', responsesPublicRoutes);
  app.route('/f', formQrPublicRoutes);
  app.route('/console', consoleRoutes);
  app.route('/api/dev', devRoutes);
  app.route('/api/ballots', ballotStaffRoutes);
  app.route('/api/public/ballots', ballotPublicRoutes);
  app.route('/b', ballotPageRoutes);
  app.route('/api/dashboards', dashboardRoutes);
  app.route('/api/cases/admin', casesAdminRoutes);
  app.route('/api/cases', casesRoutes);
  app.route('/api/public/cases', casesPublicRoutes);
  app.route('/api/public/forms', publicChoiceRoutes);
  app.route('/api/public/forms', uploadRoutes);
  app.route('/api/rights', rightsStaffRoutes);
  app.route('/api/public/rights', rightsPublicRoutes);
  app.route('/t', rightsPageRoutes);
  app.route('/t', trackingPageRoutes);
  app.route('/', publicPageRoutes);
  // The document is built from the router itself: every route declared with `defineRoutes`, at
  // the path it is mounted on (worker/lib/openapi.ts).
  defineRoutes(app, { tags: ['meta'], auth: 'public' }).get(
    '/api/openapi.json',
    { summary: 'This OpenAPI 3.1 document', response: OpenApiSchema },
    (c) => c.json(openApiDocument(app, new URL(c.req.url).origin)),
  );
  return app;
}
