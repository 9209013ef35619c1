// Thunderbird's parser, ical.js, reads calendars the way Thunderbird does for a zone it does not know: it
// registers the file's own VTIMEZONEs, then places each event.
//
// Usage: node read_ics.mjs FILE...   Prints one JSON object: file -> [[uid, start, end, alarms], ...], where
// start and end are UTC instants (ISO, "Z") for timed events and dates (YYYY-MM-DD) for all-day ones.
import { readFileSync } from "node:fs";
import ICAL from "ical.js";

function when(time) {
  if (time.isDate) {
    return time.toString();
  }
  return new Date(time.toUnixTime() * 1000).toISOString().replace(".000Z", "Z");
}

const out = {};
for (const path of process.argv.slice(2)) {
  ICAL.TimezoneService.reset();
  const calendar = new ICAL.Component(ICAL.parse(readFileSync(path, "utf8")));
  for (const zone of calendar.getAllSubcomponents("vtimezone")) {
    ICAL.TimezoneService.register(new ICAL.Timezone(zone));
  }
  out[path] = calendar.getAllSubcomponents("vevent").map((component) => {
    const event = new ICAL.Event(component);
    return [event.uid, when(event.startDate), when(event.endDate), component.getAllSubcomponents("valarm").length];
  });
}
process.stdout.write(JSON.stringify(out));
