/**
 * The intake screen's suggestions: possible duplicates and knowledge-base answers from this module, and topic and
 * department suggestions from a classifier when one is installed. The classifier (src/modules/hotline/classifier/,
 * built separately) plugs in through `setTopicSuggester`; without it the list is empty.
 */
import type { Kernel } from '../../kernel/kernel.ts';
import type { Ctx } from '../../kernel/context.ts';
import { findDuplicates, type DuplicateHint } from './duplicates.ts';
import { searchKnowledge, type GuideHint, type KnowledgeAnswer } from './knowledge.ts';

export interface TopicSuggestion {
  topicCode: string;
  departmentCode: string | null;
  score: number;
}

export type TopicSuggester = (k: Kernel, content: string, region: string) => Promise<TopicSuggestion[]>;

let suggester: TopicSuggester | null = null;

/** Installs (or, with null, removes) the classifier that suggests topics and departments. */
export function setTopicSuggester(fn: TopicSuggester | null): void {
  suggester = fn;
}

export interface IntakeSuggestions {
  classifier: TopicSuggestion[];
  duplicates: DuplicateHint[];
  answers: KnowledgeAnswer[];
  guides: GuideHint[];
}

export async function intakeSuggestions(
  k: Kernel,
  ctx: Ctx,
  q: { content: string; region: string },
): Promise<IntakeSuggestions> {
  const duplicates = await findDuplicates(k, ctx, q);
  const { answers, guides } = await searchKnowledge(k, ctx, { q: q.content.slice(0, 60), region: q.region });
  const classifier = suggester ? (await suggester(k, q.content, q.region)).slice(0, 3) : [];
  return { classifier, duplicates, answers, guides };
}
