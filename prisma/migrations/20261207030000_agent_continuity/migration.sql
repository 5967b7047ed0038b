-- AlterTable: the agent a session runs and the agent's own conversation id (for resume).
ALTER TABLE "sessions" ADD COLUMN "agent" TEXT;
ALTER TABLE "sessions" ADD COLUMN "agentSessionId" TEXT;
