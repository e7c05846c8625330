// Send the deep-linking answer back to the platform at once (the button stays for no-script).
const form = document.getElementById("hv-autopost");
if (form) form.submit();
