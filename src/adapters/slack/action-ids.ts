/** `action_id`s of the buttons this adapter renders; the listeners match on the same values. */
export const ACTION = {
  /** A follow-up suggestion; numbered (`mc_choice_0`…) because ids must be unique within a block. */
  choicePrefix: 'mc_choice_',
  share: 'mc_share',
  handoff: 'mc_handoff',
} as const;

export const CHOICE_ACTION = /^mc_choice_\d+$/;
