/** Types of scripts/gen-api.mjs (used by test/node/api-types.test.ts). */
export const API_TYPES_FILE: string;
export function apiTypesModule(doc: unknown): Promise<string>;
