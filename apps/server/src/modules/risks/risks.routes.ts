import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import {
  createRiskPointBody,
  errorResponse,
  errorResponses,
  exportLedgerQuery,
  idParam,
  importQuery,
  ledgerImportResult,
  ledgerSummary,
  ledgerSummaryQuery,
  listRiskPointsQuery,
  mapConfig,
  mapLayerQuery,
  mapLayerResponse,
  riskPoint,
  riskPointList,
  updateRiskPointBody,
  type MapLayerResponse,
  xlsxMediaType,
} from '@lastmile/shared';
import type { Config } from '../../config';
import type { Db } from '../../db/client';
import { pickLocale } from '../../i18n';
import { acceptXlsxUploads, fileResponse, maxUploadBytes, sendFile } from '../../lib/files';
import { serviceContext } from '../../plugins/auth';
import { exportLedger } from './ledgers.export';
import { buildLedgerTemplate, importLedger } from './ledgers.import';
import { summariseLedger } from './ledgers.service';
import { getMapConfig } from './map-config';
import {
  createRiskPoint,
  getMapLayer,
  getRiskPoint,
  listRiskPoints,
  updateRiskPoint,
} from './risks.service';

const errors = errorResponses(400, 401, 403, 404, 409);

export const risksRoutes: FastifyPluginAsyncZod<{ db: Db; config: Config }> = async (
  app,
  { db, config },
) => {
  const ctx = serviceContext(db);
  const tags = ['risks'];
  acceptXlsxUploads(app);

  app.get(
    '/risk-points',
    {
      schema: {
        operationId: 'listRiskPoints',
        summary:
          'Risk points (风险点) in scope, with filters; overdue reviews with reviewOverdue=true',
        tags,
        querystring: listRiskPointsQuery,
        response: { 200: riskPointList, ...errors },
      },
    },
    (request) => listRiskPoints(ctx(request), request.query),
  );

  app.post(
    '/risk-points',
    {
      schema: {
        operationId: 'createRiskPoint',
        summary: 'Register a risk point with its level, place and responsible persons',
        tags,
        body: createRiskPointBody,
        response: { 201: riskPoint, ...errors },
      },
    },
    async (request, reply) =>
      reply.code(201).send(await createRiskPoint(ctx(request), request.body)),
  );

  app.get(
    '/risk-points/:id',
    {
      schema: {
        operationId: 'getRiskPoint',
        summary: 'One risk point',
        tags,
        params: idParam,
        response: { 200: riskPoint, ...errors },
      },
    },
    (request) => getRiskPoint(ctx(request), request.params.id),
  );

  app.patch(
    '/risk-points/:id',
    {
      schema: {
        operationId: 'updateRiskPoint',
        summary: 'Change a risk point: level, measures, review date, status...',
        tags,
        params: idParam,
        body: updateRiskPointBody,
        response: { 200: riskPoint, ...errors },
      },
    },
    (request) => updateRiskPoint(ctx(request), request.params.id, request.body),
  );

  app.get(
    '/map/layer',
    {
      schema: {
        operationId: 'getMapLayer',
        summary: 'One layer of the one-map (一张图) in a bounding box, with filters',
        tags,
        querystring: mapLayerQuery,
        response: { 200: mapLayerResponse, ...errors },
      },
    },
    // The database builds the JSON (10,000 features in one value); Fastify sends a string with
    // a JSON content type as it is, so the schema above documents it without re-checking it.
    async (request, reply) => {
      const body = await getMapLayer(ctx(request), request.query);
      return reply.type('application/json; charset=utf-8').send(body as unknown as MapLayerResponse);
    },
  );

  app.get(
    '/map/config',
    {
      schema: {
        operationId: 'getMapConfig',
        summary: "Base tiles of this deployment and where the user's map opens",
        tags,
        response: { 200: mapConfig, ...errors },
      },
    },
    (request) => getMapConfig(ctx(request), config.map),
  );

  app.get(
    '/ledgers/summary',
    {
      schema: {
        operationId: 'summariseLedger',
        summary: 'Ledger counts by area, kind, sector, level or category',
        tags,
        querystring: ledgerSummaryQuery,
        response: { 200: ledgerSummary, ...errors },
      },
    },
    (request) => summariseLedger(ctx(request), request.query),
  );

  app.get(
    '/ledgers/export.xlsx',
    {
      schema: {
        operationId: 'exportLedger',
        summary: 'A ledger as an Excel file (streamed), with the same filters as its list',
        tags,
        querystring: exportLedgerQuery,
        response: { 200: fileResponse, ...errors },
      },
    },
    async (request, reply) => {
      const { stream, filename } = await exportLedger(ctx(request), request.query);
      return sendFile(reply, stream, xlsxMediaType, filename);
    },
  );

  app.get(
    '/ledgers/import-template.xlsx',
    {
      schema: {
        operationId: 'getLedgerImportTemplate',
        summary: 'The Excel template for importing units, hazard sources and risk points',
        tags,
        response: { 200: fileResponse, ...errors },
      },
    },
    async (request, reply) =>
      sendFile(
        reply,
        await buildLedgerTemplate(ctx(request)),
        xlsxMediaType,
        '单位、危险源、风险点导入模板.xlsx',
      ),
  );

  app.post(
    '/ledgers/import',
    {
      bodyLimit: maxUploadBytes,
      schema: {
        operationId: 'importLedger',
        summary: 'Import units, hazard sources and risk points from the template: all rows or none',
        tags,
        description: `Send the .xlsx file as the raw body (content-type ${xlsxMediaType}). Any bad row: 422 IMPORT_INVALID with details.errors [{sheet,row,column,reason}] and nothing written.`,
        querystring: importQuery,
        body: fileResponse,
        response: { 200: ledgerImportResult, ...errors, 422: errorResponse },
      },
    },
    async (request) =>
      importLedger(ctx(request), request.body, {
        dryRun: request.query.dryRun,
        locale: pickLocale(request.headers['accept-language']),
      }),
  );
};
