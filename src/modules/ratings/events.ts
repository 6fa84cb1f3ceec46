/** The ratings module's events. No payload names the rater: subscribers and webhooks learn the rating, not who gave it. */
import { Type } from '@fastify/type-provider-typebox';
import { defineEvents } from '../../kernel/events.ts';

const Rated = Type.Object({
  id: Type.String(),
  invitationId: Type.String(),
  subjectType: Type.String(),
  subjectId: Type.String(),
  region: Type.String(),
  department: Type.String(),
  itemId: Type.String(),
  score: Type.Integer(),
});

const Moved = Type.Object({
  id: Type.String(),
  ratingId: Type.String(),
  region: Type.String(),
  department: Type.String(),
  version: Type.Integer(),
  status: Type.String(),
});

export const ratingsEvents = defineEvents('ratings', {
  'ratings.invitation.offered': {
    zh: '已发起评价邀请',
    en: 'Rating offered',
    payload: Type.Object({
      id: Type.String(),
      subjectType: Type.String(),
      subjectId: Type.String(),
      region: Type.String(),
      department: Type.String(),
    }),
  },
  'ratings.rating.submitted': { zh: '评价已提交', en: 'Rating submitted', payload: Rated },
  'ratings.rectification.opened': { zh: '差评整改已启动', en: 'Rectification opened', payload: Moved },
  'ratings.rectification.called_back': { zh: '已回访评价人', en: 'Rater called back', payload: Moved },
  'ratings.rectification.verified': { zh: '差评已核实', en: 'Rating verified', payload: Moved },
  'ratings.rectification.rectified': { zh: '已整改', en: 'Rectified', payload: Moved },
  'ratings.rectification.explained': { zh: '已解释说明', en: 'Explained', payload: Moved },
  'ratings.rectification.appealed': { zh: '已申诉不实差评', en: 'Appealed as unfounded', payload: Moved },
  'ratings.rectification.appeal_upheld': { zh: '申诉成立', en: 'Appeal upheld', payload: Moved },
  'ratings.rectification.appeal_rejected': { zh: '申诉不成立', en: 'Appeal rejected', payload: Moved },
  'ratings.rectification.outcome_rated': {
    zh: '评价人已评价整改结果',
    en: 'Rater rated the rectification',
    payload: Type.Object({
      id: Type.String(),
      region: Type.String(),
      department: Type.String(),
      score: Type.Integer(),
    }),
  },
});
