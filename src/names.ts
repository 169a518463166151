// Friendly display names ("Amber Otter") and device labels ("Chrome on Android").

const ADJECTIVES = ["Amber", "Azure", "Brave", "Bright", "Calm", "Clever", "Coral", "Cosmic", "Crimson", "Dapper", "Eager", "Fancy", "Gentle", "Golden", "Happy", "Honey", "Indigo", "Jolly", "Kind", "Lively", "Lucky", "Lunar", "Maple", "Mellow", "Mint", "Misty", "Noble", "Olive", "Peach", "Plucky", "Quiet", "Rapid", "Rosy", "Ruby", "Sage", "Sandy", "Scarlet", "Silver", "Sleek", "Snowy", "Solar", "Sunny", "Swift", "Teal", "Tidy", "Velvet", "Violet", "Witty", "Zesty", "Zippy"];
const ANIMALS = ["Badger", "Beaver", "Bison", "Crane", "Dolphin", "Eagle", "Falcon", "Ferret", "Finch", "Fox", "Gecko", "Heron", "Ibis", "Jaguar", "Koala", "Lemur", "Lynx", "Marmot", "Meerkat", "Moose", "Narwhal", "Newt", "Ocelot", "Orca", "Otter", "Owl", "Panda", "Pelican", "Penguin", "Puffin", "Quokka", "Rabbit", "Raven", "Robin", "Seal", "Sparrow", "Squid", "Stork", "Swan", "Tapir", "Tiger", "Toucan", "Turtle", "Walrus", "Whale", "Wombat", "Wren", "Yak", "Zebra"];

/** FNV-1a: a stable, well-spread hash of the seed; not for security. */
function hash(s: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < s.length; i++) h = Math.imul(h ^ s.charCodeAt(i), 0x01000193);
  return h >>> 0;
}

/** The same seed (kept by the browser) always gives the same name, so a reload keeps the name. */
export function displayNameFor(seed: string): string {
  const h = hash(seed);
  return `${ADJECTIVES[h % ADJECTIVES.length]} ${ANIMALS[Math.floor(h / ADJECTIVES.length) % ANIMALS.length]}`;
}

// First match wins: Edge and Opera also say "Chrome", Chrome also says "Safari".
const BROWSERS: [RegExp, string][] = [
  [/Edg\//, "Edge"],
  [/OPR\/|Opera/, "Opera"],
  [/SamsungBrowser/, "Samsung Internet"],
  [/Firefox\/|FxiOS/, "Firefox"],
  [/Chrome\/|CriOS|Chromium/, "Chrome"],
  [/Safari\//, "Safari"],
];
const SYSTEMS: [RegExp, string][] = [
  [/Android/, "Android"],
  [/iPhone|iPod/, "iPhone"],
  [/iPad/, "iPad"],
  [/CrOS/, "ChromeOS"],
  [/Windows/, "Windows"],
  [/Mac OS X|Macintosh/, "Mac"],
  [/Linux/, "Linux"],
];

export function deviceLabelFor(userAgent: string): string {
  const browser = BROWSERS.find(([re]) => re.test(userAgent))?.[1] ?? "Browser";
  const os = SYSTEMS.find(([re]) => re.test(userAgent))?.[1];
  return os ? `${browser} on ${os}` : browser;
}
