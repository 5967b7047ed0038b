// The fleet's files in RDV_HOME/hosts (0700): hosts.json (what each host is and how ssh reaches
// it) and one 0600 token file per host. Only the daemon writes them; writes go through a temp
// file and a rename, so a crash never leaves half a file.
import { chmodSync, mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { hostFiles } from '@rdv/contract/home';

const PRIVATE_DIR = 0o700;
const PRIVATE_FILE = 0o600;

export interface HostRecord {
  name: string;
  destination: string;
  sshOptions: string[];
  addedAt: string;
  /** The remote rdv's sockets (absolute paths there), as its `rdv server status` said. */
  remoteApiSocket: string;
  remoteTerminalSocket: string;
  /** The id of the token the remote rdv made for this home, to revoke it on `host remove`. */
  remoteTokenId: string;
}

export class HostStore {
  readonly dir: string;
  /** ssh's ControlPath folder. */
  readonly controlDir: string;
  /** The hosts' forwarded api.sock and terminal.sock. */
  readonly socketsDir: string;
  private readonly file: string;

  constructor(hostsDir: string) {
    this.dir = hostsDir;
    this.controlDir = join(hostsDir, 'control');
    this.socketsDir = join(hostsDir, 'sockets');
    this.file = join(hostsDir, 'hosts.json');
  }

  /** Makes the folders (0700, tightened if they exist looser). */
  ensure(): void {
    for (const dir of [this.dir, this.controlDir, this.socketsDir]) {
      mkdirSync(dir, { recursive: true, mode: PRIVATE_DIR });
      chmodSync(dir, PRIVATE_DIR);
    }
  }

  list(): HostRecord[] {
    let text: string;
    try {
      text = readFileSync(this.file, 'utf8');
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return [];
      throw error;
    }
    const parsed = JSON.parse(text) as { hosts?: HostRecord[] };
    return parsed.hosts ?? [];
  }

  get(name: string): HostRecord | undefined {
    return this.list().find((host) => host.name === name);
  }

  /** Adds `record` and its token (a host of that name is replaced). */
  put(record: HostRecord, token: string): void {
    this.ensure();
    writePrivate(this.tokenFile(record.name), `${token}\n`);
    const hosts = this.list().filter((host) => host.name !== record.name);
    writePrivate(this.file, `${JSON.stringify({ hosts: [...hosts, record] }, null, 2)}\n`);
  }

  remove(name: string): void {
    writePrivate(
      this.file,
      `${JSON.stringify({ hosts: this.list().filter((h) => h.name !== name) }, null, 2)}\n`,
    );
    rmSync(this.tokenFile(name), { force: true });
  }

  token(name: string): string {
    return readFileSync(this.tokenFile(name), 'utf8').trim();
  }

  tokenFile(name: string): string {
    return hostFiles(this.dir, name).tokenFile;
  }

  /** Where the host's api.sock and terminal.sock are forwarded to. */
  localSockets(name: string): { api: string; terminal: string } {
    const files = hostFiles(this.dir, name);
    return { api: files.apiSocket, terminal: files.terminalSocket };
  }
}

function writePrivate(file: string, text: string): void {
  const temp = `${file}.${process.pid}.tmp`;
  writeFileSync(temp, text, { mode: PRIVATE_FILE });
  chmodSync(temp, PRIVATE_FILE);
  renameSync(temp, file);
}
