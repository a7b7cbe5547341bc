import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import {
  assignPostBody,
  createExpertBody,
  createGridBody,
  createPersonBody,
  dutyCardList,
  dutyCardsPdfQuery,
  dutyCardsQuery,
  dutyShift,
  dutyShiftList,
  dutyTemplateList,
  dutyTemplateParams,
  errorResponse,
  errorResponses,
  expert,
  expertList,
  grid,
  gridList,
  gridTableQuery,
  idParam,
  importQuery,
  importResult,
  listDutyShiftsQuery,
  listExpertsQuery,
  listGridsQuery,
  listPeopleQuery,
  okResponse,
  onDuty,
  onDutyQuery,
  person,
  personList,
  postParams,
  regionCodeParam,
  regionProfile,
  setDutyShiftBody,
  staffingReport,
  staffingReportQuery,
  staffingRulesResponse,
  updateDutyTemplateBody,
  updateExpertBody,
  updateGridBody,
  updatePersonBody,
  updateRegionProfileBody,
  updateStaffingRulesBody,
  xlsxMediaType,
} from '@lastmile/shared';
import type { Config } from '../../config';
import type { Db } from '../../db/client';
import { pickLocale } from '../../i18n';
import { acceptXlsxUploads, fileResponse as file, maxUploadBytes, sendFile } from '../../lib/files';
import { serviceContext } from '../../plugins/auth';
import {
  getDutyCards,
  listDutyCards,
  listDutyTemplates,
  updateDutyTemplate,
} from './cards.service';
import { renderDutyCardsPdf } from './cards.pdf';
import { getOnDuty, listDutyShifts, setDutyShift } from './duty.service';
import { buildImportTemplate, exportGridTable, importOrganisation } from './excel.service';
import { createExpert, listExperts, updateExpert } from './experts.service';
import {
  assignPost,
  createGrid,
  createPerson,
  deleteGrid,
  getRegionProfile,
  getStaffingReport,
  getStaffingRules,
  listGrids,
  listPeople,
  removePost,
  updateGrid,
  updatePerson,
  updateRegionProfile,
  updateStaffingRules,
} from './org.service';

const errors = errorResponses(400, 401, 403, 404, 409);

export const orgRoutes: FastifyPluginAsyncZod<{ db: Db; config: Config }> = async (
  app,
  { db, config },
) => {
  const ctx = serviceContext(db);
  const tags = ['org'];

  acceptXlsxUploads(app);

  // ---------------------------------------------------------------- grids
  app.get(
    '/org/grids',
    {
      schema: {
        operationId: 'listGrids',
        tags,
        summary: 'Grids inside the caller’s scope',
        querystring: listGridsQuery,
        response: { 200: gridList, ...errors },
      },
    },
    (request) => listGrids(ctx(request), request.query),
  );
  app.post(
    '/org/grids',
    {
      schema: {
        operationId: 'createGrid',
        tags,
        summary: 'Create a grid in a village',
        body: createGridBody,
        response: { 201: grid, ...errors },
      },
    },
    async (request, reply) => reply.status(201).send(await createGrid(ctx(request), request.body)),
  );
  app.patch(
    '/org/grids/:id',
    {
      schema: {
        operationId: 'updateGrid',
        tags,
        summary: 'Change a grid',
        params: idParam,
        body: updateGridBody,
        response: { 200: grid, ...errors },
      },
    },
    (request) => updateGrid(ctx(request), request.params.id, request.body),
  );
  app.delete(
    '/org/grids/:id',
    {
      schema: {
        operationId: 'deleteGrid',
        tags,
        summary: 'Delete a grid and the grid posts in it',
        params: idParam,
        response: { 200: okResponse, ...errors },
      },
    },
    async (request) => {
      await deleteGrid(ctx(request), request.params.id);
      return { ok: true as const };
    },
  );

  // ---------------------------------------------------------------- people and posts
  app.get(
    '/org/people',
    {
      schema: {
        operationId: 'listPeople',
        tags,
        summary: 'People inside the caller’s scope, with their posts',
        querystring: listPeopleQuery,
        response: { 200: personList, ...errors },
      },
    },
    (request) => listPeople(ctx(request), request.query),
  );
  app.post(
    '/org/people',
    {
      schema: {
        operationId: 'createPerson',
        tags,
        summary: 'Register a person',
        body: createPersonBody,
        response: { 201: person, ...errors },
      },
    },
    async (request, reply) =>
      reply.status(201).send(await createPerson(ctx(request), request.body)),
  );
  app.patch(
    '/org/people/:id',
    {
      schema: {
        operationId: 'updatePerson',
        tags,
        summary: 'Change a person',
        params: idParam,
        body: updatePersonBody,
        response: { 200: person, ...errors },
      },
    },
    (request) => updatePerson(ctx(request), request.params.id, request.body),
  );
  app.post(
    '/org/people/:id/posts',
    {
      schema: {
        operationId: 'assignPost',
        tags,
        summary: 'Give a person a post in a region or grid',
        params: idParam,
        body: assignPostBody,
        response: { 200: person, ...errors },
      },
    },
    (request) => assignPost(ctx(request), request.params.id, request.body),
  );
  app.delete(
    '/org/people/:id/posts/:postId',
    {
      schema: {
        operationId: 'removePost',
        tags,
        summary: 'Take a post from a person',
        params: postParams,
        response: { 200: person, ...errors },
      },
    },
    (request) => removePost(ctx(request), request.params.id, request.params.postId),
  );

  // ---------------------------------------------------------------- region profiles and staffing
  app.get(
    '/org/regions/:code/profile',
    {
      schema: {
        operationId: 'getRegionProfile',
        tags,
        summary: 'Households, residents and duty phone of a region',
        params: regionCodeParam,
        response: { 200: regionProfile, ...errors },
      },
    },
    (request) => getRegionProfile(ctx(request), request.params.code),
  );
  app.patch(
    '/org/regions/:code/profile',
    {
      schema: {
        operationId: 'updateRegionProfile',
        tags,
        summary: 'Change what the office knows of a region',
        params: regionCodeParam,
        body: updateRegionProfileBody,
        response: { 200: regionProfile, ...errors },
      },
    },
    (request) => updateRegionProfile(ctx(request), request.params.code, request.body),
  );
  app.get(
    '/org/staffing',
    {
      schema: {
        operationId: 'getStaffingReport',
        tags,
        summary:
          'Staffing of every township, village and grid against the rules, with each shortfall',
        querystring: staffingReportQuery,
        response: { 200: staffingReport, ...errors },
      },
    },
    (request) => getStaffingReport(ctx(request), request.query.regionCode),
  );
  app.get(
    '/org/staffing-rules',
    {
      schema: {
        operationId: 'getStaffingRules',
        tags,
        summary: 'The staffing rules in force for a region',
        querystring: staffingReportQuery,
        response: { 200: staffingRulesResponse, ...errors },
      },
    },
    (request) => getStaffingRules(ctx(request), request.query.regionCode),
  );
  app.put(
    '/org/staffing-rules',
    {
      schema: {
        operationId: 'updateStaffingRules',
        tags,
        summary: 'Override staffing rules for a province or county',
        body: updateStaffingRulesBody,
        response: { 200: staffingRulesResponse, ...errors },
      },
    },
    (request) => updateStaffingRules(ctx(request), request.body),
  );

  // ---------------------------------------------------------------- experts
  app.get(
    '/org/experts',
    {
      schema: {
        operationId: 'listExperts',
        tags,
        summary: 'The county’s expert pool',
        querystring: listExpertsQuery,
        response: { 200: expertList, ...errors },
      },
    },
    (request) => listExperts(ctx(request), request.query),
  );
  app.post(
    '/org/experts',
    {
      schema: {
        operationId: 'createExpert',
        tags,
        summary: 'Add an expert to the county’s pool',
        body: createExpertBody,
        response: { 201: expert, ...errors },
      },
    },
    async (request, reply) =>
      reply.status(201).send(await createExpert(ctx(request), request.body)),
  );
  app.patch(
    '/org/experts/:id',
    {
      schema: {
        operationId: 'updateExpert',
        tags,
        summary: 'Change an expert',
        params: idParam,
        body: updateExpertBody,
        response: { 200: expert, ...errors },
      },
    },
    (request) => updateExpert(ctx(request), request.params.id, request.body),
  );

  // ---------------------------------------------------------------- duty roster
  app.put(
    '/org/duty-shifts',
    {
      schema: {
        operationId: 'setDutyShift',
        tags,
        summary: 'Set the duty shift of a township or county for a day',
        body: setDutyShiftBody,
        response: { 200: dutyShift, ...errors },
      },
    },
    (request) => setDutyShift(ctx(request), request.body, config.dutyHandoverTime),
  );
  app.get(
    '/org/duty-shifts',
    {
      schema: {
        operationId: 'listDutyShifts',
        tags,
        summary: 'The duty roster of a township or county between two days',
        querystring: listDutyShiftsQuery,
        response: { 200: dutyShiftList, ...errors },
      },
    },
    (request) => listDutyShifts(ctx(request), request.query),
  );
  app.get(
    '/org/on-duty',
    {
      schema: {
        operationId: 'getOnDuty',
        tags,
        summary: 'Who is on duty for a region at a time (default now)',
        querystring: onDutyQuery,
        response: { 200: onDuty, ...errors },
      },
    },
    (request) => getOnDuty(ctx(request), request.query),
  );

  // ---------------------------------------------------------------- duty cards
  app.get(
    '/org/duty-cards/:id',
    {
      schema: {
        operationId: 'getDutyCard',
        tags,
        summary: 'The duty cards of a grid head or worker',
        params: idParam,
        response: { 200: dutyCardList, ...errors },
      },
    },
    (request) => getDutyCards(ctx(request), request.params.id),
  );
  app.get(
    '/org/duty-cards',
    {
      schema: {
        operationId: 'listDutyCards',
        tags,
        summary: 'Every duty card of a village or township',
        querystring: dutyCardsQuery,
        response: { 200: dutyCardList, ...errors },
      },
    },
    async (request) => ({
      items: (await listDutyCards(ctx(request), request.query.regionCode)).items,
    }),
  );
  app.get(
    '/org/duty-cards.pdf',
    {
      schema: {
        operationId: 'exportDutyCardsPdf',
        tags,
        summary: 'Duty cards as a PDF, four A6 cards per A4 page',
        querystring: dutyCardsPdfQuery,
        response: { 200: file, ...errors },
      },
    },
    async (request, reply) => {
      const { regionCode, personId } = request.query;
      const batch = regionCode
        ? await listDutyCards(ctx(request), regionCode)
        : { ...(await getDutyCards(ctx(request), personId!)), title: '' };
      const title = batch.title || batch.items[0]?.name || '责任卡';
      return sendFile(
        reply,
        await renderDutyCardsPdf(batch.items, title),
        'application/pdf',
        `${title}责任卡.pdf`,
      );
    },
  );
  app.get(
    '/org/duty-templates',
    {
      schema: {
        operationId: 'listDutyTemplates',
        tags,
        summary: 'Duty texts printed on the cards, per post',
        querystring: staffingReportQuery,
        response: { 200: dutyTemplateList, ...errors },
      },
    },
    (request) => listDutyTemplates(ctx(request), request.query.regionCode),
  );
  app.put(
    '/org/duty-templates/:postKind',
    {
      schema: {
        operationId: 'updateDutyTemplate',
        tags,
        summary: 'Set a county’s or township’s duty text for a post',
        params: dutyTemplateParams,
        body: updateDutyTemplateBody,
        response: { 200: dutyTemplateList, ...errors },
      },
    },
    (request) => updateDutyTemplate(ctx(request), request.params.postKind, request.body),
  );

  // ---------------------------------------------------------------- Excel
  app.get(
    '/org/grid-table.xlsx',
    {
      schema: {
        operationId: 'exportGridTable',
        tags,
        summary: 'The grid management table (网格管理表) as Excel',
        querystring: gridTableQuery,
        response: { 200: file, ...errors },
      },
    },
    async (request, reply) => {
      const table = await exportGridTable(ctx(request), request.query.regionCode);
      return sendFile(reply, table.buffer, xlsxMediaType, table.filename);
    },
  );
  app.get(
    '/org/import-template.xlsx',
    {
      schema: {
        operationId: 'getImportTemplate',
        tags,
        summary: 'The Excel template for importing grids and people',
        response: { 200: file, ...errors },
      },
    },
    async (request, reply) =>
      sendFile(
        reply,
        await buildImportTemplate(ctx(request)),
        xlsxMediaType,
        '网格与人员导入模板.xlsx',
      ),
  );
  app.post(
    '/org/import',
    {
      bodyLimit: maxUploadBytes,
      schema: {
        operationId: 'importOrganisation',
        tags,
        summary: 'Import grids and people from the template; all rows or none',
        description: `Send the .xlsx file as the raw body (content-type ${xlsxMediaType}). Any bad row: 422 IMPORT_INVALID with details.errors [{sheet,row,column,reason}] and nothing written.`,
        querystring: importQuery,
        body: file,
        response: { 200: importResult, ...errors, 422: errorResponse },
      },
    },
    (request) =>
      importOrganisation(ctx(request), request.body, {
        dryRun: request.query.dryRun,
        locale: pickLocale(request.headers['accept-language']),
      }),
  );
};
