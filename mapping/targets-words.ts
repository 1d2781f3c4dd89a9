/** How descriptions name a record's own id ("The ID of the customer", "Unique identifier"). */
export const ID_WORDS = ['unique identifier', 'the id of the', 'identifier of the', 'unique id', 'the identifier for'];
