// The site's scripts. The helpfulness vote has its own, static/faq/vote.js.
