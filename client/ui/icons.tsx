// Small inline icons (no icon font, no CDN: Ferry must work offline on a LAN). Decorative: hidden from screen readers.
import type { JSX } from "solid-js";

function Svg(props: { children: JSX.Element; class?: string }) {
  return (
    <svg
      class={props.class ?? "icon"}
      viewBox="0 0 24 24"
      fill="none"
      stroke="currentColor"
      stroke-width="1.8"
      stroke-linecap="round"
      stroke-linejoin="round"
      aria-hidden="true"
    >
      {props.children}
    </svg>
  );
}

export const PhoneIcon = (props: { class?: string }) => (
  <Svg class={props.class}>
    <rect x="7" y="2.5" width="10" height="19" rx="2.5" />
    <path d="M11 18.5h2" />
  </Svg>
);

export const TabletIcon = (props: { class?: string }) => (
  <Svg class={props.class}>
    <rect x="4.5" y="2.5" width="15" height="19" rx="2.5" />
    <path d="M11 18.5h2" />
  </Svg>
);

export const LaptopIcon = (props: { class?: string }) => (
  <Svg class={props.class}>
    <rect x="4.5" y="5" width="15" height="10.5" rx="1.5" />
    <path d="M2.5 19h19" />
  </Svg>
);

export const TextIcon = (props: { class?: string }) => (
  <Svg class={props.class}>
    <path d="M4 5.5A2.5 2.5 0 0 1 6.5 3h11A2.5 2.5 0 0 1 20 5.5v8a2.5 2.5 0 0 1-2.5 2.5H10l-4.5 4v-4H6.5A2.5 2.5 0 0 1 4 13.5z" />
    <path d="M8.5 8h7M8.5 11.5h4.5" />
  </Svg>
);

export const UpIcon = (props: { class?: string }) => (
  <Svg class={props.class}>
    <path d="M12 19V5M6 11l6-6 6 6" />
  </Svg>
);

export const DownIcon = (props: { class?: string }) => (
  <Svg class={props.class}>
    <path d="M12 5v14M6 13l6 6 6-6" />
  </Svg>
);

export const SaveIcon = (props: { class?: string }) => (
  <Svg class={props.class}>
    <path d="M12 4v11M7 10.5l5 5 5-5M5 20h14" />
  </Svg>
);

export const CloseIcon = (props: { class?: string }) => (
  <Svg class={props.class}>
    <path d="M6 6l12 12M18 6L6 18" />
  </Svg>
);

export const CopyIcon = (props: { class?: string }) => (
  <Svg class={props.class}>
    <rect x="8.5" y="8.5" width="11.5" height="11.5" rx="2" />
    <path d="M15.5 8.5V6a2 2 0 0 0-2-2H6a2 2 0 0 0-2 2v7.5a2 2 0 0 0 2 2h2.5" />
  </Svg>
);

export const FileIcon = (props: { class?: string }) => (
  <Svg class={props.class}>
    <path d="M14 3H7.5A2.5 2.5 0 0 0 5 5.5v13A2.5 2.5 0 0 0 7.5 21h9a2.5 2.5 0 0 0 2.5-2.5V8z" />
    <path d="M14 3v5h5" />
  </Svg>
);

export const FolderIcon = (props: { class?: string }) => (
  <Svg class={props.class}>
    <path d="M3.5 7.5A2 2 0 0 1 5.5 5.5h4l2 2.5h7a2 2 0 0 1 2 2v7.5a2 2 0 0 1-2 2h-13a2 2 0 0 1-2-2z" />
  </Svg>
);

export const ShieldIcon = (props: { class?: string }) => (
  <Svg class={props.class}>
    <path d="M12 3l7 3v5.5c0 4.4-3 8-7 9.5-4-1.5-7-5.1-7-9.5V6z" />
    <path d="M12 8v4.5M12 15.5v.5" />
  </Svg>
);

export const PencilIcon = (props: { class?: string }) => (
  <Svg class={props.class}>
    <path d="M4 20h4L19 9a2.8 2.8 0 0 0-4-4L4 16z" />
  </Svg>
);

export const PlusIcon = (props: { class?: string }) => (
  <Svg class={props.class}>
    <path d="M12 5v14M5 12h14" />
  </Svg>
);

export const GlobeIcon = (props: { class?: string }) => (
  <Svg class={props.class}>
    <circle cx="12" cy="12" r="9" />
    <path d="M3 12h18M12 3c2.5 2.6 3.8 5.6 3.8 9s-1.3 6.4-3.8 9c-2.5-2.6-3.8-5.6-3.8-9S9.5 5.6 12 3z" />
  </Svg>
);

export const CheckIcon = (props: { class?: string }) => (
  <Svg class={props.class}>
    <path d="M5 12.5l4.5 4.5L19 7.5" />
  </Svg>
);

export const BellIcon = (props: { class?: string }) => (
  <Svg class={props.class}>
    <path d="M6 16.5V11a6 6 0 0 1 12 0v5.5l1.5 2h-15z" />
    <path d="M10 20.5a2.2 2.2 0 0 0 4 0" />
  </Svg>
);

export const BellOffIcon = (props: { class?: string }) => (
  <Svg class={props.class}>
    <path d="M6 16.5V11a6 6 0 0 1 9.5-4.9M18 11v5.5l1.5 2H8" />
    <path d="M10 20.5a2.2 2.2 0 0 0 4 0M4 4l16 16" />
  </Svg>
);
