import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import {
  checklist,
  checklistQuery,
  createHazardBody,
  createInspectionBody,
  drawRandomInspectionBody,
  errorResponses,
  hazard,
  hazardFilters,
  hazardCount,
  hazardList,
  hazardPage,
  hazardSettingsOverride,
  hazardSettingsQuery,
  hazardSettingsResponse,
  hazardStats,
  hazardStatsQuery,
  hazardTimeline,
  idParam,
  inspection,
  inspectionList,
  listHazardsQuery,
  listInspectionsQuery,
  listPublicReportsQuery,
  listRandomDrawsQuery,
  listSummonsQuery,
  majorHazardCircularQuery,
  publicReport,
  publicReportList,
  randomDraw,
  randomDrawCheck,
  randomDrawList,
  regionCodeInput,
  respondToSummonsBody,
  reviewPublicReportBody,
  summonDepartmentBody,
  summons,
  summonsList,
  transitionHazardBody,
  xlsxMediaType,
} from '@lastmile/shared';
import type { Db } from '../../db/client';
import { fileResponse, sendFile } from '../../lib/files';
import { serviceContext } from '../../plugins/auth';
import { resolveRegion, subtreePrefix } from '../org';
import { exportHazards, exportMajorHazardCircular, getHazardStats } from './hazards.reports';
import {
  createHazard,
  getHazard,
  getHazardTimeline,
  countHazards,
  listHazards,
  listMajorHazards,
  transitionHazard,
} from './hazards.service';
import {
  checkRandomDraw,
  createInspection,
  drawRandomInspection,
  getChecklist,
  listInspections,
  listRandomDraws,
} from './inspections.service';
import { listPublicReports, reviewPublicReport } from './public-reports.service';
import { getHazardSettings, updateHazardSettings } from './settings.service';
import { listSummons, respondToSummons, summonDepartment } from './summons.service';

const errors = errorResponses(400, 401, 403, 404, 409, 422);

export const hazardsRoutes: FastifyPluginAsyncZod<{ db: Db }> = async (app, { db }) => {
  const ctx = serviceContext(db);
  const tags = ['hazards'];

  app.get(
    '/hazards',
    {
      schema: {
        operationId: 'listHazards',
        summary: 'Hazards in scope, filtered and paged, newest first (the total: countHazards)',
        tags,
        querystring: listHazardsQuery,
        response: { 200: hazardPage, ...errors },
      },
    },
    (request) => listHazards(ctx(request), request.query),
  );

  app.get(
    '/hazards/count',
    {
      schema: {
        operationId: 'countHazards',
        summary: 'How many hazards in scope match the filters (the ledger total)',
        tags,
        querystring: hazardFilters,
        response: { 200: hazardCount, ...errors },
      },
    },
    (request) => countHazards(ctx(request), request.query),
  );

  app.post(
    '/hazards',
    {
      schema: {
        operationId: 'createHazard',
        summary:
          'Report a hazard (or one fixed on the spot, 即查即改, with before and after photos)',
        tags,
        body: createHazardBody,
        response: { 201: hazard, ...errors },
      },
    },
    async (request, reply) => reply.code(201).send(await createHazard(ctx(request), request.body)),
  );

  app.get(
    '/hazards/stats',
    {
      schema: {
        operationId: 'getHazardStats',
        summary:
          'Hazard counts by area, state, grade, kind, sector, origin; closure rate and median days to close',
        tags,
        querystring: hazardStatsQuery,
        response: { 200: hazardStats, ...errors },
      },
    },
    (request) => getHazardStats(ctx(request), request.query),
  );

  app.get(
    '/hazards/export.xlsx',
    {
      schema: {
        operationId: 'exportHazards',
        summary: 'The hazard ledger (隐患台账) as a streamed Excel file, with the list filters',
        tags,
        querystring: hazardFilters,
        produces: [xlsxMediaType],
        response: { 200: fileResponse, ...errors },
      },
    },
    async (request, reply) => {
      const { stream, filename } = await exportHazards(ctx(request), request.query);
      return sendFile(reply, stream, xlsxMediaType, filename);
    },
  );

  app.get(
    '/hazards/:id',
    {
      schema: {
        operationId: 'getHazard',
        summary: 'One hazard, with what the caller may do next',
        tags,
        params: idParam,
        response: { 200: hazard, ...errors },
      },
    },
    (request) => getHazard(ctx(request), request.params.id),
  );

  app.post(
    '/hazards/:id/transitions',
    {
      schema: {
        operationId: 'transitionHazard',
        summary: 'Take one step of the closed loop: `action` plus the fields it needs',
        tags,
        params: idParam,
        body: transitionHazardBody,
        response: { 200: hazard, ...errors },
      },
    },
    (request) => transitionHazard(ctx(request), request.params.id, request.body),
  );

  app.get(
    '/hazards/:id/timeline',
    {
      schema: {
        operationId: 'getHazardTimeline',
        summary: "The hazard's history from the audit log, oldest first",
        tags,
        params: idParam,
        response: { 200: hazardTimeline, ...errors },
      },
    },
    (request) => getHazardTimeline(ctx(request), request.params.id),
  );

  app.get(
    '/major-hazards',
    {
      schema: {
        operationId: 'listMajorHazards',
        summary: '一单四制: the major hazards in scope, overdue first',
        tags,
        querystring: listHazardsQuery,
        response: { 200: hazardList, ...errors },
      },
    },
    (request) => listMajorHazards(ctx(request), request.query),
  );

  app.get(
    '/major-hazards/circular.xlsx',
    {
      schema: {
        operationId: 'exportMajorHazardCircular',
        summary: '重大隐患通报: major hazards as of a date, overdue first, as Excel',
        tags,
        querystring: majorHazardCircularQuery,
        produces: [xlsxMediaType],
        response: { 200: fileResponse, ...errors },
      },
    },
    async (request, reply) => {
      const { stream, filename } = await exportMajorHazardCircular(ctx(request), request.query);
      return sendFile(reply, stream, xlsxMediaType, filename);
    },
  );

  app.post(
    '/hazards/:id/summons',
    {
      schema: {
        operationId: 'summonDepartment',
        summary: '吹哨: summon the county department supervising the hazard’s sector',
        tags,
        params: idParam,
        body: summonDepartmentBody,
        response: { 201: summons, ...errors },
      },
    },
    async (request, reply) =>
      reply.code(201).send(await summonDepartment(ctx(request), request.params.id, request.body)),
  );

  app.get(
    '/summons',
    {
      schema: {
        operationId: 'listSummons',
        summary: 'Summons in scope; a department user sees those addressed to their department',
        tags,
        querystring: listSummonsQuery,
        response: { 200: summonsList, ...errors },
      },
    },
    (request) => listSummons(ctx(request), request.query),
  );

  app.post(
    '/summons/:id/response',
    {
      schema: {
        operationId: 'respondToSummons',
        summary: '报到: the summoned department accepts, transfers or declines',
        tags,
        params: idParam,
        body: respondToSummonsBody,
        response: { 200: summons, ...errors },
      },
    },
    (request) => respondToSummons(ctx(request), request.params.id, request.body),
  );

  app.get(
    '/inspections',
    {
      schema: {
        operationId: 'listInspections',
        summary: 'Inspections of units in scope, newest first',
        tags,
        querystring: listInspectionsQuery,
        response: { 200: inspectionList, ...errors },
      },
    },
    (request) => listInspections(ctx(request), request.query),
  );

  app.post(
    '/inspections',
    {
      schema: {
        operationId: 'createInspection',
        summary: 'Record an inspection of a unit; each finding becomes a hazard',
        tags,
        body: createInspectionBody,
        response: { 201: inspection, ...errors },
      },
    },
    async (request, reply) =>
      reply.code(201).send(await createInspection(ctx(request), request.body)),
  );

  app.get(
    '/inspection-checklist',
    {
      schema: {
        operationId: 'getInspectionChecklist',
        summary: 'The checklist (检查表) of a unit category',
        tags,
        querystring: checklistQuery,
        response: { 200: checklist, ...errors },
      },
    },
    (request) => getChecklist(ctx(request), request.query.category),
  );

  app.get(
    '/random-draws',
    {
      schema: {
        operationId: 'listRandomDraws',
        summary: 'Random inspection draws (双随机) in scope',
        tags,
        querystring: listRandomDrawsQuery,
        response: { 200: randomDrawList, ...errors },
      },
    },
    async (request) => {
      const context = ctx(request);
      const region = await resolveRegion(
        db,
        context.actor.scope,
        request.query.regionCode ?? context.actor.scope.regionCode,
      );
      return listRandomDraws(db, subtreePrefix(region), request.query);
    },
  );

  app.get(
    '/random-draws/:id/check',
    {
      schema: {
        operationId: 'checkRandomDraw',
        summary:
          'Re-run a recorded draw from its seed and pools: does it give the same units and inspectors?',
        tags,
        params: idParam,
        response: { 200: randomDrawCheck, ...errors },
      },
    },
    (request) => checkRandomDraw(db, request.params.id, ctx(request).actor.scope.prefix),
  );

  app.post(
    '/random-draws',
    {
      schema: {
        operationId: 'drawRandomInspection',
        summary: 'Draw units and inspectors at random with a recorded seed (双随机)',
        tags,
        body: drawRandomInspectionBody,
        response: { 201: randomDraw, ...errors },
      },
    },
    async (request, reply) =>
      reply.code(201).send(await drawRandomInspection(ctx(request), request.body)),
  );

  app.get(
    '/public-reports',
    {
      schema: {
        operationId: 'listPublicReports',
        summary: 'Reports from the public in scope, for review',
        tags,
        querystring: listPublicReportsQuery,
        response: { 200: publicReportList, ...errors },
      },
    },
    (request) => listPublicReports(ctx(request), request.query),
  );

  app.post(
    '/public-reports/:id/review',
    {
      schema: {
        operationId: 'reviewPublicReport',
        summary:
          'Verify a public report into a hazard (with its reward) or reject it with a reason',
        tags,
        params: idParam,
        body: reviewPublicReportBody,
        response: { 200: publicReport, ...errors },
      },
    },
    (request) => reviewPublicReport(ctx(request), request.params.id, request.body),
  );

  app.get(
    '/hazard-settings',
    {
      schema: {
        operationId: 'getHazardSettings',
        summary: 'Deadlines, supervision ladder, standards, checklists and rewards in force',
        tags,
        querystring: hazardSettingsQuery,
        response: { 200: hazardSettingsResponse, ...errors },
      },
    },
    (request) => getHazardSettings(ctx(request), request.query.regionCode),
  );

  app.put(
    '/hazard-settings',
    {
      schema: {
        operationId: 'updateHazardSettings',
        summary: "Change a province's or county's hazard settings (county admin)",
        tags,
        body: z.object({ regionCode: regionCodeInput, override: hazardSettingsOverride }),
        response: { 200: hazardSettingsResponse, ...errors },
      },
    },
    (request) => updateHazardSettings(ctx(request), request.body),
  );
};
