// The yardstick of the week benchmark: @event-calendar/core mounted alone,
// with the options the planner's grid gives it, on the week the planner
// shows. The benchmark loads this page into the planner's own window after
// measuring the planner, and times the same events the same way.
import { createCalendar, TimeGrid, Interaction } from "@event-calendar/core";
import "@event-calendar/core/index.css";
import { GRID_OPTIONS } from "../src/lib/gridOptions";

const calendar = createCalendar(document.getElementById("calendar")!, [TimeGrid, Interaction], {
  ...GRID_OPTIONS,
  firstDay: 1,
  events: [],
});

const pad = (n: number) => String(n).padStart(2, "0");

/** `n` half-hour meetings over the week from `monday`, 06:00 to 22:00: the benchmark's calendar. */
function meetings(monday: string, n: number) {
  const first = new Date(`${monday}T00:00:00Z`);
  return Array.from({ length: n }, (_, i) => {
    const day = new Date(first.getTime() + (i % 7) * 86_400_000).toISOString().slice(0, 10);
    const slot = Math.floor(i / 7) % 32;
    const start = `${day}T${pad(6 + Math.floor(slot / 2))}:${pad((slot % 2) * 30)}:00`;
    const end = `${day}T${pad(6 + Math.floor((slot + 1) / 2))}:${pad(((slot + 1) % 2) * 30)}:00`;
    // Read-only, as the planner draws a calendar's meetings.
    return { id: `bench-${i}`, start, end, title: `Meeting ${i}`, startEditable: false, durationEditable: false };
  });
}

const drawn = () => document.querySelectorAll(".ec-event:not(.ec-bg-event)").length;

declare global {
  interface Window {
    /** Milliseconds from turning to `monday`'s week with `n` meetings to the second frame after they show. */
    turnTo: (monday: string, n: number) => Promise<number>;
    /** Back to an empty week before `monday`'s, once nothing is drawn. */
    turnBack: (monday: string) => Promise<void>;
  }
}

window.turnTo = (monday, n) =>
  new Promise((done) => {
    const t0 = performance.now();
    calendar.setOption("date", monday);
    calendar.setOption("events", meetings(monday, n));
    const wait = () =>
      drawn() >= n ? requestAnimationFrame(() => requestAnimationFrame(() => done(performance.now() - t0))) : requestAnimationFrame(wait);
    wait();
  });

window.turnBack = (monday) =>
  new Promise((done) => {
    calendar.setOption("events", []);
    calendar.setOption("date", new Date(new Date(`${monday}T00:00:00Z`).getTime() - 7 * 86_400_000).toISOString().slice(0, 10));
    const wait = () => (drawn() === 0 ? done() : requestAnimationFrame(wait));
    wait();
  });
