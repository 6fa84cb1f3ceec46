/**
 * The database schema as one Kysely interface. Each module adds its own tables by declaration merging:
 *
 *   declare module '../../kernel/db/types.ts' { interface Database { registry_enterprises: EnterpriseTable } }
 *
 * so the module owns its table types while every query is type-checked against one interface.
 */
import type { Kysely, Transaction } from 'kysely';

// Empty on purpose: each module merges its tables in (declaration merging needs an interface).
// eslint-disable-next-line @typescript-eslint/no-empty-object-type
export interface Database {}

/** Anything a repository function can run on: the database itself or a caller's transaction. */
export type Executor = Kysely<Database> | Transaction<Database>;
