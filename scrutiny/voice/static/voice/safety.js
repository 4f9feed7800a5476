// The safety route, live: show how to get help now as soon as someone says they do not feel safe
// or writes words that suggest a risk of harm. The page after sending shows it too, so nothing
// depends on this script.
const form = document.querySelector("[data-safety-form]");
const help = document.getElementById("safety-help");
const phrasesElement = document.getElementById("safety-phrases");
if (form && help && phrasesElement) {
  const phrases = JSON.parse(phrasesElement.textContent);
  const normalise = (text) => " " + text.toLowerCase().replace(/[’']/g, "").replace(/[^a-z0-9]+/g, " ").trim() + " ";
  const check = () => {
    const safe = form.querySelector("input[name=feels_safe]:checked");
    const unsafe = safe !== null && safe.value !== "yes";
    const words = normalise([...form.querySelectorAll("textarea")].map((t) => t.value).join(" "));
    const risky = phrases.some((phrase) => words.includes(phrase));
    help.hidden = !(unsafe || risky);
  };
  form.addEventListener("input", check);
  form.addEventListener("change", check);
  check();
}
