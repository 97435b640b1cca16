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
import { pdfResponse } from '../lib/pdf';
import { defineRoutes } from '../lib/route';
import { parse } from '../lib/validate';
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
  IssuedCodesSchema,
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

/**
 * The round id of the public ballot routes, read after they set `no-store`, so that a refused id
 * is not cached either (the contract's `params` are parsed before the handler runs).
 */
const id = (c: { req: { param: () => Record<string, string> } }) => parse(RoundIdParam, c.req.param()).id;

/** Staff routes, mounted at `/api/ballots`. */
export const ballotStaffRoutes = new Hono<AppEnv>().use('*', requireStaff());

defineRoutes(ballotStaffRoutes, { tags: ['ballots'], auth: 'staff' })
  .get(
    '/rounds',
    { summary: 'Vote rounds in the caller’s counting-board scope', response: RoundListSchema },
    async (c) => c.json(await listRounds(c.env.DB, c.var.staff!)),
  )
  .post(
    '/rounds',
    {
      summary: 'Create a vote round (setup phase)',
      body: CreateRoundSchema,
      response: RoundDetailSchema,
      status: 201,
    },
    async (c, { body }) => c.json(await createRound(c.env.DB, c.var.staff, body), 201),
  )
  .get(
    '/rounds/:id',
    { summary: 'One round (no counts before counting)', params: RoundIdParam, response: RoundDetailSchema },
    async (c, { params }) => c.json(await roundDetail(c.env.DB, c.var.staff, params.id)),
  )
  .post(
    '/rounds/:id/attendance',
    {
      summary: 'Record attendance (setup, issuing)',
      params: RoundIdParam,
      body: AttendanceSchema,
      response: RoundDetailSchema,
    },
    async (c, { params, body }) => c.json(await recordAttendance(c.env.DB, c.var.staff, params.id, body)),
  )
  .post(
    '/rounds/:id/phase',
    { summary: 'Enter the next phase', params: RoundIdParam, body: PhaseSchema, response: RoundDetailSchema },
    async (c, { params, body }) => c.json(await advancePhase(c.env, c.var.staff, params.id, body.to)),
  )
  .post(
    '/rounds/:id/codes',
    {
      summary:
        'Print one-time codes: the slips PDF (issuing, codes mode); `?format=json`: the codes as text (201)',
      params: RoundIdParam,
      body: GenerateCodesSchema,
      responseType: 'application/pdf',
      response: IssuedCodesSchema,
      status: [200, 201],
    },
    async (c, { params, body }) => {
      const issued = await issueCodes(
        c.env.DB,
        c.var.staff,
        params.id,
        body.count,
        new URL(c.req.url).origin,
      );
      // `?format=json`: the codes as text, for boards that print with their own template. The board
      // holds the codes either way (they are on the slips); the server keeps only their hashes.
      if (c.req.query('format') === 'json') {
        c.header('Cache-Control', 'no-store');
        return c.json({ codes: issued.codes, ballotUrl: `${new URL(c.req.url).origin}/b/${params.id}` }, 201);
      }
      return pdfResponse(await issued.slips(), `${downloadName('ma bo phieu', issued.roundName)}.pdf`);
    },
  )
  .post(
    '/rounds/:id/codes/void',
    {
      summary: 'Void undistributed codes (issuing)',
      params: RoundIdParam,
      body: VoidCodesSchema,
      response: VoidResultSchema,
    },
    async (c, { params, body }) => c.json(await voidCodes(c.env.DB, c.var.staff, params.id, body.codes)),
  )
  .get(
    '/rounds/:id/tally',
    { summary: 'The count (counting, published)', params: RoundIdParam, response: TallySchema },
    async (c, { params }) => {
      const t = await boardTally(c.env.DB, c.var.staff, params.id);
      return c.json(t.result);
    },
  )
  .get(
    '/rounds/:id/minutes.pdf',
    { summary: 'Biên bản kiểm phiếu (PDF)', params: RoundIdParam, responseType: 'application/pdf' },
    async (c, { params }) => {
      const t = await boardTally(c.env.DB, c.var.staff, params.id);
      return pdfResponse(
        await minutesPdf(t.round, t.result, t.content, t.receipts),
        `${minutesFileName(t.round)}.pdf`,
      );
    },
  )
  .get(
    '/rounds/:id/minutes.csv',
    { summary: 'Minutes figures as CSV (UTF-8 with BOM)', params: RoundIdParam, responseType: 'text/csv' },
    async (c, { params }) => {
      const t = await boardTally(c.env.DB, c.var.staff, params.id);
      return c.body(minutesCsv(t.round, t.result, t.content), 200, {
        'content-type': 'text/csv; charset=utf-8',
        'content-disposition': `attachment; filename="${minutesFileName(t.round)}.csv"`,
        'cache-control': 'no-store',
      });
    },
  )
  .post(
    '/rounds/:id/token',
    {
      summary: 'Remote mode: a member’s one blind signature (RFC 9474)',
      params: RoundIdParam,
      body: TokenRequestSchema,
      response: TokenResponseSchema,
    },
    async (c, { params, body }) => c.json(await issueToken(c.env, c.var.staff, params.id, body.blindedMsg)),
  )
  .get(
    '/mine',
    { summary: 'Rounds where the caller is a remote voter', response: MyRoundsSchema },
    async (c) => c.json(await myRounds(c.env.DB, c.var.staff!)),
  );

/** Public JSON routes, mounted at `/api/public/ballots`. No cookie is read here. */
export const ballotPublicRoutes = new Hono<AppEnv>();

defineRoutes(ballotPublicRoutes, { tags: ['ballots'], auth: 'public' })
  .get(
    '/:id',
    { summary: 'The ballot paper of a round (no figures)', response: PublicBallotSchema },
    async (c) => {
      c.header('Cache-Control', 'no-store');
      return c.json(await publicBallot(c.env.DB, id(c)));
    },
  )
  .post(
    '/:id/cast',
    {
      summary: 'Cast a ballot anonymously with a code or a token → receipt',
      body: CastSchema,
      bodyLimit: 64 * 1024,
      response: CastResultSchema,
      status: 201,
    },
    async (c, { body }) => {
      c.header('Cache-Control', 'no-store');
      return c.json(await castBallot(c.env.DB, id(c), body), 201);
    },
  )
  .get(
    '/:id/results',
    {
      summary: 'Published results, receipt list, key fingerprint',
      params: RoundIdParam,
      response: PublicResultsSchema,
    },
    async (c, { params }) => {
      const t = await publicResults(c.env.DB, params.id);
      return c.json({
        round: await publicBallot(c.env.DB, t.round.id),
        tally: t.result,
        receipts: t.receipts,
      });
    },
  );

// Nothing about a failed cast is logged: AppErrors answer as usual; anything else is a bare 500.
ballotPublicRoutes.onError((err, c) => {
  const known = err instanceof AppError ? err : new AppError('internal');
  return c.json(known.toBody(c.get('lang') ?? 'vi'), known.status);
});
