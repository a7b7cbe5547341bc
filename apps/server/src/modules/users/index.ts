export { authRoutes, usersRoutes } from './users.routes';
export { ensureAdminUser, hashToken } from './users.service';
export {
  purgeExpiredSessions,
  countUsers,
  findActorByMobile,
  findSessionActor,
  findUserInScope,
  insertUser,
  type SessionActorRow,
} from './users.repository';
export { hashPassword } from './password';
