import { describe, expect, it } from 'vitest';
import { HOME_FILES, homeLayout } from './home-layout.ts';

describe('homeLayout', () => {
  it('puts every file under the home, at the names the daemon writes', () => {
    const layout = homeLayout('/h/.rdv');
    expect(layout).toMatchObject({
      home: '/h/.rdv',
      configFile: '/h/.rdv/config.toml',
      apiSocket: '/h/.rdv/api.sock',
      terminalSocket: '/h/.rdv/terminal.sock',
      tmuxSocket: '/h/.rdv/tmux.sock',
      cliTokenFile: '/h/.rdv/cli-token',
      databaseFile: '/h/.rdv/sqlite.db',
      serviceTokenFile: '/h/.rdv/server/service-token',
      pidFile: '/h/.rdv/server/server.pid',
      logFile: '/h/.rdv/server/server.log',
      webSecretFile: '/h/.rdv/server/web-secret',
      webLoginUrlFile: '/h/.rdv/server/web-login-url',
      vapidKeysFile: '/h/.rdv/server/vapid-keys.json',
      webRevocationsFile: '/h/.rdv/server/web-revocations.json',
      recordingsDir: '/h/.rdv/recordings',
    });
    expect(Object.keys(layout).sort()).toEqual(['home', ...Object.keys(HOME_FILES)].sort());
  });
});
