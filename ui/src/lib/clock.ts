// Minutes as the window's tables and timer show them: 7:29, -0:50.
export function clock(minutes: number): string {
  const sign = minutes < 0 ? "-" : "";
  const whole = Math.abs(minutes);
  return `${sign}${Math.floor(whole / 60)}:${String(whole % 60).padStart(2, "0")}`;
}
