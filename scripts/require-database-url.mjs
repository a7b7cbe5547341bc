// `npm run test:pg` runs the suite against PostgreSQL and needs to know where it is.
if (!process.env.DATABASE_URL) {
  console.error(
    'test:pg needs DATABASE_URL, e.g. postgres://postgres@localhost:5432/postgres\n' +
      '(each test file creates and drops its own database there).',
  );
  process.exit(2);
}
