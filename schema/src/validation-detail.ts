// One problem found in a configuration document, as the API reports it and the provider maps it to an attribute.

/** Where (`$.a.b[0]`) and what (a sentence fragment such as "must be <= 65535"). */
export interface ValidationDetail {
  path: string;
  message: string;
}
