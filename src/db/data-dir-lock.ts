import { openSync, readFileSync, rmSync, writeSync, closeSync } from 'node:fs';
import path from 'node:path';

const alive = (pid: number): boolean => {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
};

/**
 * PGlite is one process's database: two processes on one data dir corrupt it. A lock file with the
 * owner's pid refuses a second `npm start` on the same dir (a stale lock from a killed process is
 * taken over). Several replicas belong on Postgres (DATABASE_URL).
 */
export function lockDataDir(dir: string): () => void {
  const file = path.join(dir, 'floorwalker.lock');
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      const fd = openSync(file, 'wx');
      writeSync(fd, String(process.pid));
      closeSync(fd);
      return () => rmSync(file, { force: true });
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
      const owner = Number(readFileSync(file, 'utf8').trim());
      if (Number.isInteger(owner) && owner !== process.pid && alive(owner)) {
        throw new Error(
          `数据目录 ${dir} 已被另一个 floorwalker 进程（pid ${owner}）使用；内置数据库只能由一个进程打开，多实例请设置 DATABASE_URL 共用一个 Postgres。` +
            ` / FLOORWALKER_DATA_DIR ${dir} is in use by another floorwalker (pid ${owner}). The embedded database takes one process; to run several replicas, set DATABASE_URL to a Postgres they share.`,
        );
      }
      rmSync(file, { force: true }); // stale: its process is gone
    }
  }
  throw new Error(`could not lock ${file}`);
}
