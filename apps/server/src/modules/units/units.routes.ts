import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import {
  createHazardSourceBody,
  createUnitBody,
  errorResponses,
  hazardSource,
  hazardSourceList,
  hazardSourceStats,
  hazardSourceStatsQuery,
  idParam,
  ledgerSettings,
  ledgerSettingsQuery,
  listHazardSourcesQuery,
  listUnitsQuery,
  unit,
  unitList,
  updateHazardSourceBody,
  updateLedgerSettingsBody,
  updateUnitBody,
} from '@lastmile/shared';
import type { Db } from '../../db/client';
import { serviceContext } from '../../plugins/auth';
import {
  createHazardSource,
  createUnit,
  getHazardSource,
  getHazardSourceStats,
  getLedgerSettings,
  getUnit,
  listHazardSources,
  listUnits,
  updateHazardSource,
  updateLedgerSettings,
  updateUnit,
} from './units.service';

const errors = errorResponses(400, 401, 403, 404, 409);

export const unitsRoutes: FastifyPluginAsyncZod<{ db: Db }> = async (app, { db }) => {
  const ctx = serviceContext(db);
  const tags = ['units'];

  app.get(
    '/units',
    {
      schema: {
        operationId: 'listUnits',
        summary: 'Units of the safety supervision ledger in scope, with filters',
        tags,
        querystring: listUnitsQuery,
        response: { 200: unitList, ...errors },
      },
    },
    (request) => listUnits(ctx(request), request.query),
  );

  app.post(
    '/units',
    {
      schema: {
        operationId: 'createUnit',
        summary: 'Register a unit (生产经营单位) in a township or village',
        tags,
        body: createUnitBody,
        response: { 201: unit, ...errors },
      },
    },
    async (request, reply) => reply.code(201).send(await createUnit(ctx(request), request.body)),
  );

  app.get(
    '/units/:id',
    {
      schema: {
        operationId: 'getUnit',
        summary: 'One unit',
        tags,
        params: idParam,
        response: { 200: unit, ...errors },
      },
    },
    (request) => getUnit(ctx(request), request.params.id),
  );

  app.patch(
    '/units/:id',
    {
      schema: {
        operationId: 'updateUnit',
        summary: 'Change a unit: details, category, status, place',
        tags,
        params: idParam,
        body: updateUnitBody,
        response: { 200: unit, ...errors },
      },
    },
    (request) => updateUnit(ctx(request), request.params.id, request.body),
  );

  app.get(
    '/hazard-sources',
    {
      schema: {
        operationId: 'listHazardSources',
        summary: 'Hazard sources (危险源) in scope, with filters',
        tags,
        querystring: listHazardSourcesQuery,
        response: { 200: hazardSourceList, ...errors },
      },
    },
    (request) => listHazardSources(ctx(request), request.query),
  );

  app.post(
    '/hazard-sources',
    {
      schema: {
        operationId: 'createHazardSource',
        summary: "Register a hazard source, a unit's or standalone",
        tags,
        body: createHazardSourceBody,
        response: { 201: hazardSource, ...errors },
      },
    },
    async (request, reply) =>
      reply.code(201).send(await createHazardSource(ctx(request), request.body)),
  );

  app.get(
    '/hazard-sources/stats',
    {
      schema: {
        operationId: 'getHazardSourceStats',
        summary: 'The key hazard-source statistics table (重点危险源情况统计表)',
        tags,
        querystring: hazardSourceStatsQuery,
        response: { 200: hazardSourceStats, ...errors },
      },
    },
    (request) => getHazardSourceStats(ctx(request), request.query.regionCode),
  );

  app.get(
    '/hazard-sources/:id',
    {
      schema: {
        operationId: 'getHazardSource',
        summary: 'One hazard source',
        tags,
        params: idParam,
        response: { 200: hazardSource, ...errors },
      },
    },
    (request) => getHazardSource(ctx(request), request.params.id),
  );

  app.patch(
    '/hazard-sources/:id',
    {
      schema: {
        operationId: 'updateHazardSource',
        summary: 'Change a hazard source',
        tags,
        params: idParam,
        body: updateHazardSourceBody,
        response: { 200: hazardSource, ...errors },
      },
    },
    (request) => updateHazardSource(ctx(request), request.params.id, request.body),
  );

  app.get(
    '/ledger-settings',
    {
      schema: {
        operationId: 'getLedgerSettings',
        summary: 'Unit categories and the sector → department table (三管三必须) in force',
        tags,
        querystring: ledgerSettingsQuery,
        response: { 200: ledgerSettings, ...errors },
      },
    },
    (request) => getLedgerSettings(ctx(request), request.query.regionCode),
  );

  app.put(
    '/ledger-settings',
    {
      schema: {
        operationId: 'updateLedgerSettings',
        summary: "Set a province's or county's categories and department names",
        tags,
        body: updateLedgerSettingsBody,
        response: { 200: ledgerSettings, ...errors },
      },
    },
    (request) => updateLedgerSettings(ctx(request), request.body),
  );
};
