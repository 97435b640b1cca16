/**
 * HTTP edge of the ballots module. Staff (`/api/ballots/*`): the counting board runs rounds;
 * members fetch their remote token. Public (`/api/public/ballots/*`): the ballot definition, the
 * anonymous cast, and the published results. The cast route reads no cookie, logs nothing and
 * audits nothing; its error handler answers without logging the request.
 */
import { Hono } from 'hono';
import { requireStaff } from '../auth/middleware';
import type { AppEnv } from '../env';
import { AppError } from '../lib/errors';
import { documented } from '../lib/openapi';
import { pdfResponse } from '../lib/pdf';
import { jsonBody, parse } from '../lib/validate';
import { downloadName } from '../lib/xlsx';
import { castBallot } from './cast';
import { issueCodes, voidCodes } from './codes';
import { boardTally, minutesCsv, minutesFileName, minutesPdf, publicResults } from './minutes';
import {
  advancePhase,
  createRound,
  listRounds,
  myRounds,
  publicBallot,
  recordAttendance,
  roundDetail,
} from './rounds';
import {
  AttendanceSchema,
  CastResultSchema,
  CastSchema,
  CreateRoundSchema,
  GenerateCodesSchema,
  MyRoundsSchema,
  PhaseSchema,
  PublicBallotSchema,
  PublicResultsSchema,
  RoundDetailSchema,
  RoundIdParam,
  RoundListSchema,
  TallySchema,
  TokenRequestSchema,
  TokenResponseSchema,
  VoidCodesSchema,
  VoidResultSchema,
} from './schema';
import { issueToken } from './tokens';

const tags = ['ballots'];
const staff = 'staff' as const;
const R = '/api/ballots/rounds';

documented({
  method: 'get',
  path: R,
  summary: 'Vote rounds in the caller’s counting-board scope',
  tags,
  auth: staff,
  response: RoundListSchema,
});
documented({
  method: 'post',
  path: R,
  summary: 'Create a vote round (setup phase)',
  tags,
  auth: staff,
  body: CreateRoundSchema,
  response: RoundDetailSchema,
  status: 201,
});
documented({
  method: 'get',
  path: `${R}/{id}`,
  summary: 'One round (no counts before counting)',
  tags,
  auth: staff,
  response: RoundDetailSchema,
});
documented({
  method: 'post',
  path: `${R}/{id}/attendance`,
  summary: 'Record attendance (setup, issuing)',
  tags,
  auth: staff,
  body: AttendanceSchema,
  response: RoundDetailSchema,
});
documented({
  method: 'post',
  path: `${R}/{id}/phase`,
  summary: 'Enter the next phase',
  tags,
  auth: staff,
  body: PhaseSchema,
  response: RoundDetailSchema,
});
documented({
  method: 'post',
  path: `${R}/{id}/codes`,
  summary: 'Print one-time codes: the slips PDF (issuing, codes mode)',
  tags,
  auth: staff,
  body: GenerateCodesSchema,
  responseType: 'application/pdf',
});
documented({
  method: 'post',
  path: `${R}/{id}/codes/void`,
  summary: 'Void undistributed codes (issuing)',
  tags,
  auth: staff,
  body: VoidCodesSchema,
  response: VoidResultSchema,
});
documented({
  method: 'get',
  path: `${R}/{id}/tally`,
  summary: 'The count (counting, published)',
  tags,
  auth: staff,
  response: TallySchema,
});
documented({
  method: 'get',
  path: `${R}/{id}/minutes.pdf`,
  summary: 'Biên bản kiểm phiếu (PDF)',
  tags,
  auth: staff,
  responseType: 'application/pdf',
});
documented({
  method: 'get',
  path: `${R}/{id}/minutes.csv`,
  summary: 'Minutes figures as CSV (UTF-8 with BOM)',
  tags,
  auth: staff,
  responseType: 'text/csv',
});
documented({
  method: 'post',
  path: `${R}/{id}/token`,
  summary: 'Remote mode: a member’s one blind signature (RFC 9474)',
  tags,
  auth: staff,
  body: TokenRequestSchema,
  response: TokenResponseSchema,
});
documented({
  method: 'get',
  path: '/api/ballots/mine',
  summary: 'Rounds where the caller is a remote voter',
  tags,
  auth: staff,
  response: MyRoundsSchema,
});

const id = (c: { req: { param: () => Record<string, string> } }) => parse(RoundIdParam, c.req.param()).id;

/** Staff routes, mounted at `/api/ballots`. */
export const ballotStaffRoutes = new Hono<AppEnv>()
  .use('*', requireStaff())
  .get('/rounds', async (c) => c.json(await listRounds(c.env.DB, c.var.staff!)))
  .post('/rounds', async (c) =>
    c.json(await createRound(c.env.DB, c.var.staff, await jsonBody(c, CreateRoundSchema)), 201),
  )
  .get('/rounds/:id', async (c) => c.json(await roundDetail(c.env.DB, c.var.staff, id(c))))
  .post('/rounds/:id/attendance', async (c) =>
    c.json(await recordAttendance(c.env.DB, c.var.staff, id(c), await jsonBody(c, AttendanceSchema))),
  )
  .post('/rounds/:id/phase', async (c) => {
    const { to } = await jsonBody(c, PhaseSchema);
    return c.json(await advancePhase(c.env, c.var.staff, id(c), to));
  })
  .post('/rounds/:id/codes', async (c) => {
    const { count } = await jsonBody(c, GenerateCodesSchema);
    const issued = await issueCodes(c.env.DB, c.var.staff, id(c), count, new URL(c.req.url).origin);
    // `?format=json`: the codes as text, for boards that print with their own template. The board
    // holds the codes either way (they are on the slips); the server keeps only their hashes.
    if (c.req.query('format') === 'json') {
      c.header('Cache-Control', 'no-store');
      return c.json({ codes: issued.codes, ballotUrl: `${new URL(c.req.url).origin}/b/${id(c)}` }, 201);
    }
    return pdfResponse(await issued.slips(), `${downloadName('ma bo phieu', issued.roundName)}.pdf`);
  })
  .post('/rounds/:id/codes/void', async (c) => {
    const { codes } = await jsonBody(c, VoidCodesSchema);
    return c.json(await voidCodes(c.env.DB, c.var.staff, id(c), codes));
  })
  .get('/rounds/:id/tally', async (c) => {
    const t = await boardTally(c.env.DB, c.var.staff, id(c));
    return c.json(t.result);
  })
  .get('/rounds/:id/minutes.pdf', async (c) => {
    const t = await boardTally(c.env.DB, c.var.staff, id(c));
    return pdfResponse(
      await minutesPdf(t.round, t.result, t.content, t.receipts),
      `${minutesFileName(t.round)}.pdf`,
    );
  })
  .get('/rounds/:id/minutes.csv', async (c) => {
    const t = await boardTally(c.env.DB, c.var.staff, id(c));
    return c.body(minutesCsv(t.round, t.result, t.content), 200, {
      'content-type': 'text/csv; charset=utf-8',
      'content-disposition': `attachment; filename="${minutesFileName(t.round)}.csv"`,
      'cache-control': 'no-store',
    });
  })
  .post('/rounds/:id/token', async (c) => {
    const { blindedMsg } = await jsonBody(c, TokenRequestSchema);
    return c.json(await issueToken(c.env, c.var.staff, id(c), blindedMsg));
  })
  .get('/mine', async (c) => c.json(await myRounds(c.env.DB, c.var.staff!)));

documented({
  method: 'get',
  path: '/api/public/ballots/{id}',
  summary: 'The ballot paper of a round (no figures)',
  tags,
  auth: 'public',
  response: PublicBallotSchema,
});
documented({
  method: 'post',
  path: '/api/public/ballots/{id}/cast',
  summary: 'Cast a ballot anonymously with a code or a token → receipt',
  tags,
  auth: 'public',
  body: CastSchema,
  response: CastResultSchema,
  status: 201,
});
documented({
  method: 'get',
  path: '/api/public/ballots/{id}/results',
  summary: 'Published results, receipt list, key fingerprint',
  tags,
  auth: 'public',
  response: PublicResultsSchema,
});

/** Public JSON routes, mounted at `/api/public/ballots`. No cookie is read here. */
export const ballotPublicRoutes = new Hono<AppEnv>()
  .get('/:id', async (c) => {
    c.header('Cache-Control', 'no-store');
    return c.json(await publicBallot(c.env.DB, id(c)));
  })
  .post('/:id/cast', async (c) => {
    c.header('Cache-Control', 'no-store');
    return c.json(await castBallot(c.env.DB, id(c), await jsonBody(c, CastSchema, 64 * 1024)), 201);
  })
  .get('/:id/results', async (c) => {
    const t = await publicResults(c.env.DB, id(c));
    return c.json({ round: await publicBallot(c.env.DB, t.round.id), tally: t.result, receipts: t.receipts });
  });

// Nothing about a failed cast is logged: AppErrors answer as usual; anything else is a bare 500.
ballotPublicRoutes.onError((err, c) => {
  const known = err instanceof AppError ? err : new AppError('internal');
  return c.json(known.toBody(c.get('lang') ?? 'vi'), known.status);
});
