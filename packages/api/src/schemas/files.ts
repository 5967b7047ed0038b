import { z } from 'zod';
import { idSchema } from './common.ts';

/**
 * The query of `POST /files/upload` on api.sock (the body is the file's bytes): the session and
 * the file's name as the client knows it; the service sanitises the name further.
 */
export const fileUploadQuery = z.object({
  session: idSchema,
  name: z.string().min(1, 'give the file a name').max(1024, 'a file name is at most 1024 characters'),
});

/** The query of `GET /files/download`: the session and a path relative to its working directory. */
export const fileDownloadQuery = z.object({
  session: idSchema,
  path: z.string().min(1, "give the path of a file in the session's working directory").max(4096, 'the path is longer than 4096 characters'),
});
