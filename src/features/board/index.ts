import { defineFeature } from '../../core/feature';
import { registerBoardRoutes } from './routes';

/**
 * The floor board (现场大屏): a live, read-only page per team for the office screen and the phone,
 * reached by a signed link the supervisor gets privately (/board; /board rotate revokes). The
 * panels are the other features' (FeatureDef.board, core/board.ts); this feature serves the page,
 * the token and the live updates.
 */
export const boardFeature = defineFeature({
  name: 'board',
  routes: registerBoardRoutes,
  sandbox: { quick: ['/board'] },
});
