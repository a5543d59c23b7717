// The week grid's fixed EventCalendar options, shared by the planner's
// grid and the benchmark's bare page (ui/bench), so the two are measured
// drawing the same grid.

const CLOCK: Intl.DateTimeFormatOptions = { hour: "2-digit", minute: "2-digit", hour12: false };

/** Half-hour rows from 05:00 to 23:00, scrolled to 07:00; 15-minute snapping; no toolbar. */
export const GRID_OPTIONS = {
  view: "timeGridWeek",
  nowIndicator: false,
  editable: true,
  selectable: true,
  allDaySlot: false,
  snapDuration: "00:15",
  slotDuration: "00:30",
  slotMinTime: "05:00",
  slotMaxTime: "23:00",
  scrollTime: "07:00",
  height: "100%",
  headerToolbar: { start: "", center: "", end: "" },
  slotLabelFormat: CLOCK,
  eventTimeFormat: CLOCK,
} as const;
