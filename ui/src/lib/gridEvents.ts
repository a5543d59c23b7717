// What the week grid hands EventCalendar, and how one drawn week becomes
// the next. A save reloads the whole week from the service; giving the
// calendar that week as a new event list makes it build every block's
// element again (its keys follow event objects), which at 200 blocks is
// most of a move's time. The grid instead passes on only the events that
// differ, so a moved block is the one element redrawn.

/** One event as EventCalendar takes it; `id` is unique within a week. */
export type GridEvent = {
  id: string;
  start: string;
  end: string;
  title?: string;
  classNames: string[];
  /** Whether it can be dragged, and resized: EventCalendar lets any event be both unless told per event. */
  startEditable?: boolean;
  durationEditable?: boolean;
  display?: "background";
};

/** The events to add, replace (same id, something drawn differs) and remove, by id. */
export type EventChanges = {
  added: GridEvent[];
  changed: GridEvent[];
  removed: string[];
};

function same(a: GridEvent, b: GridEvent): boolean {
  return (
    a.start === b.start &&
    a.end === b.end &&
    a.title === b.title &&
    a.startEditable === b.startEditable &&
    a.durationEditable === b.durationEditable &&
    a.display === b.display &&
    a.classNames.length === b.classNames.length &&
    a.classNames.every((c, i) => c === b.classNames[i])
  );
}

/** What turns the drawn `before` into `after`; empty when nothing drawn differs. */
export function changesBetween(before: GridEvent[], after: GridEvent[]): EventChanges {
  const old = new Map(before.map((e) => [e.id, e]));
  const changes: EventChanges = { added: [], changed: [], removed: [] };
  for (const event of after) {
    const was = old.get(event.id);
    if (!was) changes.added.push(event);
    else if (!same(was, event)) changes.changed.push(event);
    old.delete(event.id);
  }
  changes.removed = [...old.keys()];
  return changes;
}
