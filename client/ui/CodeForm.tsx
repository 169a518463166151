// A one-line form for a code someone read out or typed: a field and a submit button.
import { createSignal } from "solid-js";

export function CodeForm(props: {
  label: string;
  placeholder: string;
  submit: string;
  inputTestid: string;
  submitTestid: string;
  numeric?: boolean;
  onSubmit: (code: string) => void;
}) {
  const [code, setCode] = createSignal("");
  return (
    <form
      class="code-form"
      onSubmit={(e) => {
        e.preventDefault();
        if (code().trim()) props.onSubmit(code().trim());
      }}
    >
      <label class="code-form__label">
        {props.label}
        <input
          class="code-form__input"
          data-testid={props.inputTestid}
          placeholder={props.placeholder}
          inputmode={props.numeric ? "numeric" : "text"}
          autocomplete="off"
          autocapitalize="characters"
          spellcheck={false}
          maxlength={16}
          value={code()}
          onInput={(e) => setCode(e.currentTarget.value)}
        />
      </label>
      <button type="submit" class="button button--primary" data-testid={props.submitTestid} disabled={code().trim().length === 0}>
        {props.submit}
      </button>
    </form>
  );
}
