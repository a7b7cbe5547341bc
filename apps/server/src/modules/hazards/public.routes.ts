import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import QRCode from 'qrcode';
import { z } from 'zod';
import {
  errorResponses,
  idParam,
  randomDrawCheck,
  padRegionCode,
  publicDrawsQuery,
  publicReportForm,
  publicReportFormQuery,
  publicReportReceipt,
  publicReportStatus,
  randomDrawList,
  receiptParam,
  submitPublicReportBody,
} from '@lastmile/shared';
import type { Config } from '../../config';
import type { Db } from '../../db/client';
import { AppError } from '../../errors';
import { regionPrefixLength, regionLevelOf } from '@lastmile/shared';
import { checkRandomDraw, listRandomDraws } from './inspections.service';
import {
  getPublicReportForm,
  getPublicReportStatus,
  reportUrl,
  submitPublicReport,
} from './public-reports.service';

const errors = errorResponses(400, 404, 413, 422, 429);
/** Three photos of at most 5 MB each, base64-encoded, plus the text. */
const publicReportBodyLimit = 22 * 1024 * 1024;

/** Pages and forms for the public: no sign-in, nothing shown that the public did not send. */
export const publicRoutes: FastifyPluginAsyncZod<{ db: Db; config: Config }> = async (
  app,
  { db, config },
) => {
  const tags = ['public'];
  const inDeployment = (code: string) => {
    const padded = padRegionCode(code);
    if (!padded.startsWith(config.region)) {
      throw new AppError('REGION_NOT_FOUND', 404);
    }
    return padded;
  };

  app.get(
    '/public/report-form',
    {
      config: { isPublic: true },
      schema: {
        operationId: 'getPublicReportForm',
        summary: 'What the public report page needs: the county, its townships, the report phone',
        tags,
        querystring: publicReportFormQuery,
        response: { 200: publicReportForm, ...errors },
      },
    },
    (request) =>
      getPublicReportForm(
        db,
        config,
        request.query.regionCode,
        config.publicUrl ?? `${request.protocol}://${request.host}`,
      ),
  );

  app.post(
    '/public/reports',
    {
      config: { isPublic: true },
      bodyLimit: publicReportBodyLimit,
      schema: {
        operationId: 'submitPublicReport',
        summary: 'Report a hazard as a member of the public; answers a receipt code',
        tags,
        body: submitPublicReportBody,
        response: { 201: publicReportReceipt, ...errors },
      },
    },
    async (request, reply) =>
      reply.code(201).send(await submitPublicReport(db, config, request.body, request.ip)),
  );

  app.get(
    '/public/reports/:receiptCode',
    {
      config: { isPublic: true },
      schema: {
        operationId: 'getPublicReportStatus',
        summary: "A public report's progress by its receipt code",
        tags,
        params: receiptParam,
        response: { 200: publicReportStatus, ...errors },
      },
    },
    (request) => getPublicReportStatus(db, request.params.receiptCode),
  );

  app.get(
    '/public/random-draws/:id/check',
    {
      config: { isPublic: true },
      schema: {
        operationId: 'checkPublicRandomDraw',
        summary: 'Re-run a published random draw from its recorded seed and pools',
        tags,
        params: idParam,
        response: { 200: randomDrawCheck, ...errors },
      },
    },
    (request) => checkRandomDraw(db, request.params.id, config.region),
  );

  app.get(
    '/public/random-draws',
    {
      config: { isPublic: true },
      schema: {
        operationId: 'listPublicRandomDraws',
        summary:
          '双随机 一公开: the random inspection draws of a region and whether each unit was inspected',
        tags,
        querystring: publicDrawsQuery.extend({
          limit: z.coerce.number().int().min(1).max(100).default(20),
          offset: z.coerce.number().int().min(0).max(10_000).default(0),
        }),
        response: { 200: randomDrawList, ...errors },
      },
    },
    (request) => {
      const code = inDeployment(request.query.regionCode);
      const prefix = code.slice(0, regionPrefixLength[regionLevelOf(code)]);
      return listRandomDraws(db, prefix, request.query);
    },
  );

  app.get(
    '/public/report-qr.svg',
    {
      config: { isPublic: true },
      schema: {
        operationId: 'getPublicReportQr',
        summary: 'A QR code (SVG) of the public report page for a region, to print and post',
        tags,
        querystring: publicReportFormQuery,
        produces: ['image/svg+xml'],
        response: { 200: z.string(), ...errors },
      },
    },
    async (request, reply) => {
      const code = inDeployment(request.query.regionCode);
      const base = config.publicUrl ?? `${request.protocol}://${request.host}`;
      const svg = await QRCode.toString(reportUrl(base, code), {
        type: 'svg',
        errorCorrectionLevel: 'M',
        margin: 2,
      });
      return reply
        .header('content-type', 'image/svg+xml')
        .header('cache-control', 'no-cache')
        .send(svg);
    },
  );
};
