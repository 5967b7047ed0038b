// `npm run dev`: the daemon from its TypeScript sources (tsx), without the bundle's loader.
import { runMain } from './main.ts';

runMain();
