// A transfer's progress as an accessible progressbar (whole percent in aria-valuenow).
export function ProgressBar(props: { value: number; label: string; tone: "active" | "done" | "error" | "waiting" }) {
  return (
    <div
      class={`progress progress--${props.tone}`}
      role="progressbar"
      data-testid="progress"
      aria-label={props.label}
      aria-valuemin={0}
      aria-valuemax={100}
      aria-valuenow={props.value}
    >
      <div class="progress__fill" style={{ transform: `scaleX(${props.value / 100})` }} />
    </div>
  );
}
