import { defineFeature } from '../../core/feature';
import { scriptActions } from './answers';
import { scriptDigest } from './digest';
import { seedScriptDemo } from './sandbox';
import { scriptLibrary } from './service';

export { draftButton } from './card';

/**
 * The script library (话术库, domain.md §7): public, department and personal scripts, searched in
 * Chinese with the team's synonyms, copied with a button (a use), linked into the places other
 * features show customers' wording (core/script-slots.ts), and reviewed weekly when they go stale.
 */
export const scriptFeature = defineFeature({
  name: 'script',
  scriptLibrary,
  actions: scriptActions,
  digest: scriptDigest,
  sandbox: {
    quick: ['/script 发货慢', '/script add 催单安抚 亲，已为您加急处理，今天内发出 #物流', '/script link'],
    data: seedScriptDemo,
  },
});
