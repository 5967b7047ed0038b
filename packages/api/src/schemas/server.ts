import { z } from 'zod';

/** `server.rotateServiceToken`: no options; the previous token stays valid for the grace period. */
export const rotateServiceTokenInput = z.object({}).strict().optional();
