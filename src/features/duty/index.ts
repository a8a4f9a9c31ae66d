import { defineFeature } from '../../core/feature';
import { dutyDigest } from './digest';
import { dutyBoard } from './board';

/** Who is on duty now and next (值班): standing duty, weekly shifts, one-off cover, coverage gaps. */
export const dutyFeature = defineFeature({
  name: 'duty',
  digest: dutyDigest,
  board: dutyBoard,
  sandbox: {
    quick: ['/duty'],
    seed: [
      { as: '王主管', text: '/duty set @王主管 @李组长' },
      { as: '小王', text: '/duty' },
    ],
  },
});
