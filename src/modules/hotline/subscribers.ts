/**
 * The hotline module's reactions to events, delivered by the outbox dispatcher at least once; the kernel stores a
 * receipt with the handler's changes, so each event takes effect once.
 */
import type { Subscriber } from '../../kernel/subscribers.ts';
import { hotlineRatingsLink } from './ratings-link.ts';
import { hotlineBadRatingIntake } from './features.ts';
import { hotlineCaseComplaintIntake, hotlineCaseReply } from './case-complaints.ts';
import { hotlinePastReplyRating } from './past-replies.ts';

export const hotlineSubscribers: Subscriber[] = [
  hotlineRatingsLink,
  hotlineBadRatingIntake,
  hotlineCaseComplaintIntake,
  hotlineCaseReply,
  hotlinePastReplyRating,
];
