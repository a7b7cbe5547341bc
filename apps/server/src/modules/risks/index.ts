export { risksRoutes } from './risks.routes';
