// Focus/break rhythms as the forms show them. The presets and every check
// come from the service; this only names a rhythm in the "50/10" way.
import { CHOICES, type RhythmMinutes } from "./bindings";

/** "50/10" */
export function rhythmLabel(rhythm: RhythmMinutes): string {
  return `${rhythm.focus}/${rhythm.short_break}`;
}

/** The preset `rhythm` is, by its label, or "custom". */
export function presetOf(rhythm: RhythmMinutes): string {
  const preset = CHOICES.rhythm_presets.find((p) => p.focus === rhythm.focus && p.short_break === rhythm.short_break);
  return preset ? rhythmLabel(preset) : "custom";
}

/** The preset labelled `label`, if there is one. */
export function presetNamed(label: string): RhythmMinutes | undefined {
  const preset = CHOICES.rhythm_presets.find((p) => rhythmLabel(p) === label);
  return preset ? { ...preset } : undefined;
}
