/** The three tiers of the library and who may change each: pure rules. */
import type { Role } from '../../db/schema';
import type { ScriptTier } from './schema';

export const TIERS: ScriptTier[] = ['public', 'department', 'personal'];

const TIER_WORDS: Record<string, ScriptTier> = {
  public: 'public',
  公共: 'public',
  公共话术: 'public',
  统一: 'public',
  统一口径: 'public',
  department: 'department',
  dept: 'department',
  部门: 'department',
  部门话术: 'department',
  personal: 'personal',
  个人: 'personal',
  个人话术: 'personal',
  私人: 'personal',
};

/** "公共" / "public" → public; anything else → undefined. */
export const parseTier = (word: string): ScriptTier | undefined => TIER_WORDS[word.trim().toLowerCase()];

/** Search ranks public before department before personal. */
export const tierRank = (tier: ScriptTier): number => TIERS.indexOf(tier);

/**
 * Who may add, edit or remove a script of `tier`: public only supervisors (the wording must be
 * uniform), department leaders and supervisors, personal only its owner (anyone may keep their own).
 */
export function mayChange(role: Role, tier: ScriptTier, isOwner: boolean): boolean {
  if (tier === 'personal') return isOwner;
  if (tier === 'public') return role === 'supervisor';
  return role === 'supervisor' || role === 'leader';
}

/** The tier of an add that names none: personal in the private chat, else department. */
export const defaultTier = (privateChat: boolean): ScriptTier => (privateChat ? 'personal' : 'department');
