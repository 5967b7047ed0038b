import type { inferRouterInputs, inferRouterOutputs } from '@trpc/server';
import type { AppRouter } from './root.ts';

export { appRouter, type AppRouter } from './root.ts';
export { createCallerFactory } from './trpc.ts';
export { createContext, type ApiServices, type Context, type HealthReporter, type RequestInfo } from './context.ts';
export { AuthService, SERVICE_TOKEN_HEADER, USER_ID_HEADER, type ServiceTokenSource } from './services/auth-service.ts';
export { TokenService } from './services/token-service.ts';
export * from './auth/tokens.ts';
export type { Caller, AuthResult, AuthFailureReason, TokenKind } from './auth/caller.ts';
export type { HealthStatus } from './schemas/health.ts';

export type RouterInputs = inferRouterInputs<AppRouter>;
export type RouterOutputs = inferRouterOutputs<AppRouter>;
