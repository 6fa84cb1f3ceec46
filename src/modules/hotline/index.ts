/**
 * The hotline module (12345 有诉即办): centers, topics, routing, tickets and their lifecycle, deadlines, lights and
 * supervision orders, knowledge base, duplicates, callbacks and ratings (docs/hotline.md). Other modules use the
 * functions exported below, never its tables.
 */
import type { ModuleDef } from '../module.ts';
import { hotlineMigrations } from './tables.ts';
import { hotlineFeatureMigrations } from './tables-features.ts';
import { hotlineAttachmentMigrations } from './tables-attachments.ts';
import { hotlinePermissions } from './permissions.ts';
import { hotlineEvents } from './events.ts';
import { ticketLifecycle } from './lifecycle.ts';
import { registerHotlineRoutes } from './routes.ts';
import { hotlineSubscribers } from './subscribers.ts';
import { seedHotlineDemo, HOTLINE_DEMO_ACCOUNTS } from './demo.ts';
import { supervisionJobs } from './supervision.ts';
import { classifierMigrations, classifierPermissions, registerClassifierRoutes } from './classifier/index.ts';

export const hotlineModule: ModuleDef = {
  name: 'hotline',
  migrationBlock: 6,
  migrations: [
    ...hotlineMigrations,
    ...hotlineFeatureMigrations,
    ...hotlineAttachmentMigrations,
    ...classifierMigrations,
  ],
  permissions: { module: 'hotline', list: [...hotlinePermissions.list, ...classifierPermissions.list] },
  events: hotlineEvents,
  lifecycles: [ticketLifecycle],
  subscribers: hotlineSubscribers,
  registerRoutes: (app, k) => {
    registerHotlineRoutes(app, k);
    registerClassifierRoutes(app, k);
  },
  seedDemo: seedHotlineDemo,
  demoAccounts: HOTLINE_DEMO_ACCOUNTS,
  jobs: (k) => supervisionJobs(k),
};

export { createTicket, getTicket, listTickets, type TicketInput } from './service.ts';
export { transferIn, type TransferInInput } from './features.ts';
export { setTopicSuggester, type TopicSuggester, type TopicSuggestion } from './suggestions.ts';
export type { Ticket } from './model.ts';
export {
  suggestRouting,
  recordSuggestion,
  confirmRouting,
  retrainFromConfirmed,
  trainClassifier,
  importTrainingSet,
  parseMapping,
  productionAccuracy,
  type RoutingSuggestion,
  type ConfirmedTicket,
  type TrainOutcome,
  type ImportReport,
} from './classifier/index.ts';
