// The palette's block templates. The four defaults are always there; the
// user's own are kept in this window's local storage (they are a habit of
// this desktop, not part of the plan).
import { CHOICES, type Kind } from "./bindings";

export type Template = { id: string; title: string; kind: Kind; minutes: number; builtin: boolean };

const KEY = "deepblock.palette";

/** A kind's label, as the service words it. */
export function kindLabel(kind: Kind): string {
  return CHOICES.kinds.find((k) => k.kind === kind)?.label ?? kind;
}

export const DEFAULTS: Template[] = [
  { id: "deep-90", title: kindLabel("deep"), kind: "deep", minutes: 90, builtin: true },
  { id: "deep-180", title: kindLabel("deep"), kind: "deep", minutes: 180, builtin: true },
  { id: "learning-60", title: kindLabel("learning"), kind: "learning", minutes: 60, builtin: true },
  { id: "break-15", title: kindLabel("break"), kind: "break", minutes: 15, builtin: true },
];

export function loadTemplates(): Template[] {
  try {
    const own = JSON.parse(localStorage.getItem(KEY) ?? "[]") as Template[];
    return [...DEFAULTS, ...own.filter((t) => t.minutes > 0 && t.title)];
  } catch {
    return [...DEFAULTS];
  }
}

export function saveTemplates(all: Template[]): void {
  localStorage.setItem(KEY, JSON.stringify(all.filter((t) => !t.builtin)));
}

export function lengthLabel(minutes: number): string {
  if (minutes % 60 === 0) return `${minutes / 60} h`;
  if (minutes > 60) return `${Math.floor(minutes / 60)} h ${minutes % 60} min`;
  return `${minutes} min`;
}
