import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import {
  answerWarningBody,
  callPlan,
  callPlanList,
  cancelWarningBody,
  createWarningBody,
  dispatchWarningBody,
  errorResponses,
  idParam,
  ingestWarningResponse,
  listWarningsQuery,
  myWarningCall,
  relayWarningBody,
  reportWarningActionsBody,
  upsertCallPlanBody,
  warning,
  warningCoverage,
  warningCountyRoles,
  warningList,
  xlsxMediaType,
} from '@lastmile/shared';
import type { Db } from '../../db/client';
import { fileResponse, sendFile } from '../../lib/files';
import { serviceContext } from '../../plugins/auth';
import { exportWarningCoverage, getWarningCoverage } from './coverage';
import { warningEvents } from './events';
import { warningMaxBytes } from './warning-format';
import {
  answerWarning,
  cancelWarning,
  createWarning,
  dispatchWarning,
  exportWarningCap,
  getWarning,
  ingestWarning,
  listCallPlans,
  listWarnings,
  relayWarning,
  reportWarningActions,
  upsertCallPlan,
} from './warnings.service';

const errors = errorResponses(400, 401, 403, 404, 409, 422);

export const warningsRoutes: FastifyPluginAsyncZod<{ db: Db }> = async (app, { db }) => {
  const ctx = serviceContext(db);
  const tags = ['warnings'];

  // Upper warnings arrive as XML (CAP or the national platform's format); only these routes take it.
  app.addContentTypeParser(
    ['application/xml', 'text/xml', 'application/cap+xml'],
    { parseAs: 'string', bodyLimit: warningMaxBytes },
    (_request, body, done) => done(null, body),
  );

  app.post(
    '/warnings/ingest',
    {
      config: { roles: warningCountyRoles },
      schema: {
        operationId: 'ingestWarning',
        summary:
          'Receive an upper warning (接收上级预警): CAP 1.2, CAP 1.1 or the national platform format',
        tags,
        consumes: ['application/xml', 'text/xml'],
        body: z.string(),
        response: {
          200: ingestWarningResponse,
          201: ingestWarningResponse,
          ...errorResponses(400, 401, 403, 413, 415, 422),
        },
      },
    },
    async (request, reply) => {
      const result = await ingestWarning(ctx(request), request.body);
      return reply
        .code(result.created ? 201 : 200)
        .send({ ...result.warning, otherCounties: result.otherCounties });
    },
  );

  app.post(
    '/warnings',
    {
      config: { roles: warningCountyRoles },
      schema: {
        operationId: 'createWarning',
        summary:
          'Issue a warning (发布预警): county level only (应对法 art. 64); calling starts at once',
        tags,
        body: createWarningBody,
        response: { 201: warning, ...errors },
      },
    },
    async (request, reply) => reply.code(201).send(await createWarning(ctx(request), request.body)),
  );

  app.get(
    '/warnings',
    {
      schema: {
        operationId: 'listWarnings',
        summary: 'Warnings the caller may see, newest first, with their own 叫应',
        tags,
        querystring: listWarningsQuery,
        response: { 200: warningList, ...errors },
      },
    },
    (request) => listWarnings(ctx(request), request.query),
  );

  app.get(
    '/warnings/:id',
    {
      schema: {
        operationId: 'getWarning',
        summary: 'One warning: content, targets, call plan, the caller’s own 叫应',
        tags,
        params: idParam,
        response: { 200: warning, ...errors },
      },
    },
    (request) => getWarning(ctx(request), request.params.id),
  );

  app.post(
    '/warnings/:id/dispatch',
    {
      config: { roles: warningCountyRoles },
      schema: {
        operationId: 'dispatchWarning',
        summary: 'Start calling an upper warning, with the targets adjusted if wanted',
        tags,
        params: idParam,
        body: dispatchWarningBody,
        response: { 200: warning, ...errors },
      },
    },
    (request) => dispatchWarning(ctx(request), request.params.id, request.body),
  );

  app.post(
    '/warnings/:id/relay',
    {
      schema: {
        operationId: 'relayWarning',
        summary:
          'Relay an upper warning (转发) with the township’s own local instructions (属地措施)',
        tags,
        params: idParam,
        body: relayWarningBody,
        response: { 201: warning, ...errors },
      },
    },
    async (request, reply) =>
      reply.code(201).send(await relayWarning(ctx(request), request.params.id, request.body)),
  );

  app.post(
    '/warnings/:id/cancel',
    {
      schema: {
        operationId: 'cancelWarning',
        summary: 'Lift a warning (解除): all pending calling and escalation stop',
        tags,
        params: idParam,
        body: cancelWarningBody,
        response: { 200: warning, ...errors },
      },
    },
    (request) => cancelWarning(ctx(request), request.params.id, request.body.reason),
  );

  app.post(
    '/warnings/:id/answer',
    {
      schema: {
        operationId: 'answerWarning',
        summary:
          'Answer a warning (叫应: 收到); the first answer counts, a late one is still recorded',
        tags,
        params: idParam,
        body: answerWarningBody,
        response: { 200: myWarningCall, ...errors },
      },
    },
    (request) => answerWarning(ctx(request), request.params.id, request.body.channel),
  );

  app.post(
    '/warnings/:id/actions',
    {
      schema: {
        operationId: 'reportWarningActions',
        summary:
          'Report what was done after answering: how it was passed on, households told, people moved',
        tags,
        params: idParam,
        body: reportWarningActionsBody,
        response: { 200: myWarningCall, ...errors },
      },
    },
    (request) => reportWarningActions(ctx(request), request.params.id, request.body),
  );

  app.get(
    '/warnings/:id/coverage',
    {
      schema: {
        operationId: 'getWarningCoverage',
        summary:
          'The coverage board (叫应看板): township → village → grid, the silent, door-to-door tasks',
        tags,
        params: idParam,
        response: { 200: warningCoverage, ...errors },
      },
    },
    (request) => getWarningCoverage(ctx(request), request.params.id),
  );

  app.get(
    '/warnings/:id/coverage/stream',
    {
      schema: {
        operationId: 'streamWarningCoverage',
        summary: 'The coverage board live, as server-sent events named `coverage`',
        tags,
        params: idParam,
        produces: ['text/event-stream'],
        response: { 200: z.string(), ...errors },
      },
    },
    async (request, reply) => {
      const context = ctx(request);
      const id = request.params.id;
      let last = JSON.stringify(await getWarningCoverage(context, id));
      reply.hijack();
      const raw = reply.raw;
      raw.writeHead(200, {
        'content-type': 'text/event-stream; charset=utf-8',
        'cache-control': 'no-store',
        connection: 'keep-alive',
        'x-accel-buffering': 'no',
        'x-content-type-options': 'nosniff',
      });
      raw.write(`retry: 3000\nevent: coverage\ndata: ${last}\n\n`);
      let closed = false;
      let pending: NodeJS.Timeout | undefined;
      const push = async (force: boolean) => {
        if (closed) {
          return;
        }
        try {
          const next = JSON.stringify(await getWarningCoverage(context, id));
          const changed = next.replace(/"at":"[^"]*"/, '') !== last.replace(/"at":"[^"]*"/, '');
          if (changed || force) {
            last = next;
            raw.write(`event: coverage\ndata: ${next}\n\n`);
          }
        } catch (error) {
          request.log.warn({ err: error }, 'coverage stream read failed');
        }
      };
      // Changes in this process arrive at once (at most one read a second); a timer catches the rest.
      const unsubscribe = warningEvents.subscribe(id, () => {
        pending ??= setTimeout(() => {
          pending = undefined;
          void push(false);
        }, 250);
      });
      const poll = setInterval(() => void push(false), 5000);
      const keepAlive = setInterval(() => !closed && raw.write(': keep-alive\n\n'), 25_000);
      request.raw.on('close', () => {
        closed = true;
        unsubscribe();
        clearInterval(poll);
        clearInterval(keepAlive);
        clearTimeout(pending);
      });
    },
  );

  app.get(
    '/warnings/:id/coverage.xlsx',
    {
      schema: {
        operationId: 'exportWarningCoverage',
        summary: 'The after-event 叫应 report as an Excel workbook',
        tags,
        params: idParam,
        produces: [xlsxMediaType],
        response: { 200: fileResponse, ...errors },
      },
    },
    async (request, reply) => {
      const body = await exportWarningCoverage(ctx(request), request.params.id);
      return sendFile(reply, body, xlsxMediaType, `叫应情况-${request.params.id.slice(0, 8)}.xlsx`);
    },
  );

  app.get(
    '/warnings/:id/cap',
    {
      schema: {
        operationId: 'exportWarningCap',
        summary: 'The warning as CAP 1.2 XML (valid against the OASIS schema, Beijing times)',
        tags,
        params: idParam,
        produces: ['application/xml'],
        response: { 200: fileResponse, ...errors },
      },
    },
    async (request, reply) => {
      const xml = await exportWarningCap(ctx(request), request.params.id);
      return sendFile(
        reply,
        Buffer.from(xml),
        'application/xml; charset=utf-8',
        `warning-${request.params.id.slice(0, 8)}.xml`,
      );
    },
  );

  app.get(
    '/call-plans',
    {
      schema: {
        operationId: 'listCallPlans',
        summary:
          "The county's 叫应 plans by level and warning kind (built-in plans where none is stored)",
        tags,
        response: { 200: callPlanList, ...errors },
      },
    },
    (request) => listCallPlans(ctx(request)),
  );

  app.put(
    '/call-plans',
    {
      config: { roles: warningCountyRoles },
      schema: {
        operationId: 'upsertCallPlan',
        summary: 'Store the county’s 叫应 plan for a level and warning kind',
        tags,
        body: upsertCallPlanBody,
        response: { 200: callPlan, ...errors },
      },
    },
    (request) => upsertCallPlan(ctx(request), request.body),
  );
};
