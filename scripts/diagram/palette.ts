/** The diagram's colours: one per stack layer (the boxes' top band), and the present, absent and changed styles. */
import { LAYERS, type Layer } from "../../stacks/shared/backend";

const LAYER_COLOURS: Readonly<Record<Layer, string>> = {
  "network-storage": "#5b8c3a",
  workspace: "#7d5ba6",
  "unity-catalog": "#c9962a",
  ingestion: "#2f74b5",
  serving: "#c8553d",
  collaboration: "#2a9d8f",
};

/** The colour of a stack `<env>-<layer>`, or grey for one that is not a known layer. */
export function stackColour(stack: string, env: string): string {
  const layer = stack.slice(env.length + 1);
  return (LAYERS as readonly string[]).includes(layer) ? LAYER_COLOURS[layer as Layer] : "#8a8a8a";
}

export const COLOURS = {
  text: "#1f2933",
  mutedText: "#5f6b7a",
  absentText: "#9aa3ad",
  box: "#ffffff",
  boxStroke: "#52606d",
  absentBox: "#f2f3f5",
  absentStroke: "#c5cbd3",
  flow: "#52606d",
  absentFlow: "#c5cbd3",
  lane: ["#f4f7fa", "#eaf0f6"],
  spanningLane: "#f3f0f9",
  laneTitle: "#334e68",
  badgeOn: "#e3f4ea",
  badgeOnStroke: "#3f9160",
  badgeOff: "#f2f3f5",
  badgeOffStroke: "#c5cbd3",
  changed: "#e8590c",
} as const;
