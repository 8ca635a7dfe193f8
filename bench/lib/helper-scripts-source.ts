// A generated source in the helper scripts' layout (`apps` apps built on the fixture's hello-web),
// served over loopback git like the tests' fixture, for the catalogue benches.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { HELPER_SCRIPTS_FIXTURE, serveGitFixture, type GitFixture } from '../../tests/helpers/git-fixture';

const WORDS = ['monitoring', 'media', 'database', 'network', 'notes', 'web', 'backup', 'docker', 'dns', 'analytics'];
const OSES = [
  ['debian', '12'],
  ['ubuntu', '24.04'],
  ['alpine', '3.22'],
] as const;

export async function generatedHelperScriptsSource(apps: number): Promise<GitFixture & { close(): Promise<void> }> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'kiln-bench-catalogue-'));
  for (const sub of ['ct', 'install', 'misc', 'frontend/public/json']) fs.mkdirSync(path.join(dir, sub), { recursive: true });
  fs.copyFileSync(path.join(HELPER_SCRIPTS_FIXTURE, 'misc/install.func'), path.join(dir, 'misc/install.func'));
  fs.copyFileSync(path.join(HELPER_SCRIPTS_FIXTURE, 'misc/alpine-install.func'), path.join(dir, 'misc/alpine-install.func'));
  const install = fs.readFileSync(path.join(HELPER_SCRIPTS_FIXTURE, 'install/helloweb-install.sh'), 'utf8');
  for (let i = 0; i < apps; i++) {
    const slug = `app${i}`;
    const [os_, version] = OSES[i % 10 === 9 ? 2 : i % 10 === 8 ? 1 : 0]!;
    fs.writeFileSync(
      path.join(dir, `ct/${slug}.sh`),
      `APP="App${i}"\nvar_tags="\${var_tags:-${WORDS[i % WORDS.length]};group${i % 20}}"\nvar_cpu="\${var_cpu:-${1 + (i % 4)}}"\nvar_ram="\${var_ram:-${512 * (1 + (i % 4))}}"\nvar_disk="\${var_disk:-${2 + (i % 8)}}"\nvar_os="\${var_os:-${os_}}"\nvar_version="\${var_version:-${version}}"\n`,
    );
    fs.writeFileSync(path.join(dir, `install/${slug}-install.sh`), install.replace(/hello-web/g, slug));
    fs.writeFileSync(
      path.join(dir, `frontend/public/json/${slug}.json`),
      JSON.stringify({ name: `App ${i}`, slug, type: 'ct', interface_port: 8000 + (i % 1000), description: `Generated app ${i}, a ${WORDS[(i * 7) % WORDS.length]} tool.` }),
    );
  }
  const repo = await serveGitFixture(dir);
  return {
    ...repo,
    async close() {
      await repo.close();
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}
