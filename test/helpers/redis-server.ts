/** The tests' own redis-server (also used by `npm run bench`): see src/bench/redis-server.ts. */
export { RedisServer } from '../../src/bench/redis-server';
