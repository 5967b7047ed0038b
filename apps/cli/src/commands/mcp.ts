import type { Command } from 'commander';
import type { CliContext } from '../context.ts';

/**
 * `rdv mcp`: rdv as an MCP server on stdin/stdout, for agents such as Claude Code
 * (`claude mcp add rdv -- rdv mcp`). Tools call the daemon with the CLI token through the typed
 * tRPC client; nothing but JSON-RPC is written to stdout.
 */
export function registerMcpCommand(program: Command, ctx: CliContext): void {
  program
    .command('mcp')
    .description('serve rdv over MCP on stdin/stdout (for Claude Code and other agents)')
    .action(async () => {
      // Loaded here: the MCP SDK is big, and no other command needs it.
      const { opsFromTrpcClient, serveMcpStdio } = await import('@rdv/mcp');
      const { client, close } = ctx.api();
      try {
        await serveMcpStdio(opsFromTrpcClient(client), { input: ctx.stdin, output: ctx.stdout });
      } finally {
        await close();
      }
    });
}
