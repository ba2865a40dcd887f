import type { types } from '@slack/bolt';
import type { Reply, Suggestion } from '../../core';
import { LIMITS } from './block-kit';
import { renderSlack } from './render';

/**
 * The App Home tab: the settings at a glance (servers, ports, user name) and quick buttons
 * (POP or IMAP, ports, a guide per mail app). Buttons pressed here are answered in the DM.
 */
export function renderHomeView(settings: Reply, quick: Suggestion[]): types.HomeView {
  const [first] = renderSlack({ ...settings, suggestions: quick, offers: undefined }, { maxBlocks: LIMITS.blocksPerHomeView });
  return { type: 'home', blocks: first.blocks };
}
